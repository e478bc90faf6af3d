import { evaluateFormula } from './formula';

describe('evaluateFormula', () => {
  it.each([
    ['2^6', 4],
    ['2**6', 64],
    ['1 + 2*3**(4^5) / (6 + -7)', -5],
    ['10 / 4', 2.5],
    ['5 / 0', 0],
    ['5 / 0 / 1000', 0],
    ['( 3 + 1 ) / 1024 / 1024 / 1024', 4 / 1024 / 1024 / 1024],
    ['-2 ** 2', -4],
    ['1.5e3 / 3', 500],
  ])('%s = %d', (expr, expected) => {
    expect(evaluateFormula(expr)).toBeCloseTo(expected, 12);
  });

  it.each(['indices.docs.deleted / 3', '1 +', '(1', '1 2', '1.5 ^ 2'])('refuses %s', (expr) => {
    expect(() => evaluateFormula(expr)).toThrow();
  });
});
