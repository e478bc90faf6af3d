import { ValidationError, withoutUserinfo } from '@ferry/core';
import type { ClusterAuth } from '@ferry/clusters';
import type { ConnectBody } from './connections.schemas';

/** Where to connect and with what credentials, read from an HQ or Ferry style body. */
export interface ConnectTarget {
  url: string;
  auth: ClusterAuth;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Builds the URL and auth of a connect body. Credentials found in the URL move to `auth` (and out of the
 * URL) so they are stored once and never shown; empty username/password mean none, as in HQ, and the
 * password is URL-decoded as HQ does.
 */
export function connectTarget(body: ConnectBody): ConnectTarget {
  const tls = body.use_ssl === true || body.use_ssl === 'true';
  let raw = body.url ?? body.ip ?? '';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const hasPort = /:\d+$/.test(raw);
    raw = `${tls ? 'https' : 'http'}://${raw}${hasPort ? '' : `:${body.port ?? 9200}`}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(`'${withoutUserinfo(body.url ?? body.ip ?? '')}' is not a valid host or URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`unsupported scheme '${url.protocol}': use http or https`);
  let auth: ClusterAuth = body.auth ?? { type: 'none' };
  const username = body.username || decode(url.username);
  const password = body.password ? decode(body.password) : decode(url.password);
  if (!body.auth && username) auth = { type: 'basic', username, password };
  url.username = '';
  url.password = '';
  return { url: url.toString().replace(/\/$/, ''), auth };
}
