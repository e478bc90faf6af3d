import { invalid } from '../shared/errors';
import type { RemoteType } from './remotes.schemas';

/** 400 `host URL "<url>" is invalid: <reason>` unless the URL is absolute http(s). */
export function checkRemoteUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw invalid(`host URL "${url}" is invalid: ${(err as Error).message}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`host URL "${url}" is invalid: unsupported protocol scheme "${parsed.protocol.replace(':', '')}"`);
  }
}

/** 1.x remotes take `user:password` (or nothing) as token. */
export function checkRemoteToken(type: RemoteType, token: string): void {
  if (type === 'v1' && token !== '' && !token.includes(':')) {
    throw invalid('remoteAPIToken of a v1 remote must be "user:password" (or empty when the remote has no auth)');
  }
}
