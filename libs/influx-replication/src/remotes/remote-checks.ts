import { withoutUserinfo } from '@ferry/core';
import { invalid } from '../shared/errors';
import type { RemoteType } from './remotes.schemas';

/** 400 `host URL "<url>" is invalid: <reason>` unless the URL is absolute http(s). */
export function checkRemoteUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw invalid(`host URL "${withoutUserinfo(url)}" is invalid: ${(err as Error).message}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`host URL "${withoutUserinfo(url)}" is invalid: unsupported protocol scheme "${parsed.protocol.replace(':', '')}"`);
  }
  // Credentials in the URL would never be sent (writes use the origin and path) and would be shown by every GET.
  if (parsed.username || parsed.password) {
    throw invalid(
      `host URL "${parsed.protocol}//${parsed.host}${parsed.pathname}" is invalid: it contains credentials, which are not sent; ` +
        'give them as remoteAPIToken (a v1 remote takes "user:password")',
    );
  }
}

/** Control characters other than tab cannot travel in an HTTP header value. */
const HEADER_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/**
 * 1.x remotes take `user:password` (or nothing) as token. A 2.x token goes verbatim into the
 * `Authorization` header, so a pasted trailing newline would fail every write forever: refused here
 * (a 1.x token is base64-encoded, so any character travels).
 */
export function checkRemoteToken(type: RemoteType, token: string): void {
  if (type === 'v1' && token !== '' && !token.includes(':')) {
    throw invalid('remoteAPIToken of a v1 remote must be "user:password" (or empty when the remote has no auth)');
  }
  if (type === 'v2' && HEADER_UNSAFE.test(token)) {
    throw invalid('remoteAPIToken contains a line break or control character, which cannot be sent in an HTTP header (pasted with a trailing newline?)');
  }
}
