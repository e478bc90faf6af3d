/** Byte values of the characters that structure line protocol (all ASCII, so safe to scan in UTF-8). */
export const NL = 10;
export const SPACE = 32;
export const QUOTE = 34;
export const HASH = 35;
export const PLUS = 43;
export const COMMA = 44;
export const MINUS = 45;
export const DOT = 46;
export const EQ = 61;
export const BACKSLASH = 92;
