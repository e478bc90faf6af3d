import { isHeaderSafe, toHeaderValue } from './header-value';

describe('header values', () => {
  it.each([
    ['plain ASCII', 'database not found: "x"', 'database not found: "x"', true],
    ['a line break', 'a\r\nb', 'a%0D%0Ab', false],
    ['NUL', 'a\u0000b', 'a%00b', false],
    ['latin-1 and CJK', 'é中', '%C3%A9%E4%B8%AD', false],
    ['a lone surrogate', 'x\ud800', 'x%EF%BF%BD', false],
  ])('%s', (_name, input, output, safe) => {
    expect(isHeaderSafe(input)).toBe(safe);
    expect(toHeaderValue(input)).toBe(output);
    expect(isHeaderSafe(toHeaderValue(input))).toBe(true);
  });
});
