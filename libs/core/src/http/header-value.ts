// Printable ASCII and tab: what every HTTP stack accepts in a field value (RFC 9110 allows obs-text too, Node does not beyond latin-1).
const SAFE = /^[\t\x20-\x7e]*$/;

/** True when `value` can be sent as an HTTP header value as it is (no control characters, nothing beyond ASCII). */
export function isHeaderSafe(value: string): boolean {
  return SAFE.test(value);
}

/**
 * `value` made fit for a header: printable ASCII is kept, anything else is percent-encoded as UTF-8
 * (a lone surrogate as U+FFFD), so `setHeader` never throws on a message that echoes user input.
 */
export function toHeaderValue(value: string): string {
  if (SAFE.test(value)) return value;
  let out = '';
  for (const ch of value) {
    out += /^[\t\x20-\x7e]$/.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}
