// `scheme://user:password@` or a bare `user:password@` at the start of what was given as a URL or host.
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i;

/**
 * A URL or host as given, with any `user:password@` replaced by `***@`: for messages that quote what a
 * caller sent (an invalid URL, a failed request) without repeating a password.
 */
export function withoutUserinfo(text: string): string {
  return text.replace(USERINFO, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`);
}
