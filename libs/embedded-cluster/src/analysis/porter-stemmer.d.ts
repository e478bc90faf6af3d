/** Types for `porter-stemmer` (Martin Porter's algorithm, CommonJS, untyped). */
declare module 'porter-stemmer' {
  /** Stems one word; words under three characters come back unchanged. */
  export function stemmer(word: string): string;
}
