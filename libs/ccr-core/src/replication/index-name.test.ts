import { indexNameProblems, matchesPattern, patternProblems } from './index-name';

describe('index names and patterns', () => {
  it.each([
    ['ok-name', []],
    ['UP', ['Value UP must be lowercase']],
    ['a b', ['Value a b must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]']],
    ['..', ["Value .. must not be '.' or '..'", "Value .. must not start with '.'"]],
    ['+x', ["Value +x must not start with '_' or '-' or '+'"]],
    ['x'.repeat(256), [`Value ${'x'.repeat(256)} must not be longer than 255 bytes`]],
  ])('%s', (name, problems) => {
    expect(indexNameProblems(name)).toEqual(problems);
  });

  it.each([
    ['logs-*', []],
    ['', ['Autofollow pattern: must not be empty']],
    ['-x*', ["Autofollow pattern: -x* must not start with '_' or '-'"]],
  ])('pattern %j', (pattern, problems) => {
    expect(patternProblems(pattern)).toEqual(problems);
  });

  it.each([
    ['logs-*', 'logs-a', true],
    ['logs-*', 'metrics', false],
    ['*', 'x.y', true],
    ['a.b', 'aXb', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchesPattern(pattern, name)).toBe(expected);
  });
});
