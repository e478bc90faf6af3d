/// <reference path="./porter-stemmer.d.ts" />
import { stemmer as porter } from 'porter-stemmer';

/**
 * `porter_stem`: Martin Porter's algorithm over the whole token, as Lucene's PorterStemFilter (which expects
 * lowercased input and leaves case alone otherwise). The `porter-stemmer` package is Porter's own JavaScript port.
 */
export function porterStem(token: string): string {
  return porter(token);
}

// Lucene's PersianStemmer (after PersianNormalizer, so Persian yeh is already Arabic yeh U+064A): suffixes are
// tried in this order and each is removed when at least two characters stay.
const PERSIAN_SUFFIXES = ['\u0627\u062a', '\u0627\u0646', '\u062a\u0631\u064a\u0646', '\u062a\u0631', '\u064a\u064a', '\u064a', '\u0647\u0627', '\u200c'];

/** `persian_stem`: Lucene's light Persian suffix stripping. */
export function persianStem(token: string): string {
  let s = token;
  for (const suffix of PERSIAN_SUFFIXES) {
    if (s.length >= suffix.length + 2 && s.endsWith(suffix)) s = s.slice(0, -suffix.length);
  }
  return s;
}
