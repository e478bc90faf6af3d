import { isSealed, secretContext, type SecretBox } from '@ferry/core';
import type { ClusterConnectionSpec } from './connection.schemas';

/** Where a connection's secrets are stored: its row of `cluster_connections`, column `spec`. */
function contextOf(name: string): string {
  return secretContext('cluster_connections', 'spec', name);
}

type Transform = (value: string) => string;

/** The spec with `fn` applied to each secret: the auth password, api key or token, the TLS key, a URL password. */
function mapSecrets(spec: ClusterConnectionSpec, fn: Transform): ClusterConnectionSpec {
  const a = spec.auth;
  const auth =
    a.type === 'basic' ? { ...a, password: fn(a.password) } : a.type === 'apiKey' ? { ...a, apiKey: fn(a.apiKey) } : a.type === 'bearer' ? { ...a, token: fn(a.token) } : a;
  const tls = spec.tls?.key === undefined ? spec.tls : { ...spec.tls, key: fn(spec.tls.key) };
  return { ...spec, url: mapUrl(spec.url, fn), auth, ...(tls ? { tls } : {}) };
}

// A URL with a password in it is sealed whole, so that no part of the password stays readable.
function mapUrl(url: string, fn: Transform): string {
  if (isSealed(url)) return fn(url);
  return new URL(url).password ? fn(url) : url;
}

/** Every secret of the spec sealed for its row; already sealed ones are kept. */
export function sealSpec(box: SecretBox, spec: ClusterConnectionSpec): ClusterConnectionSpec {
  return mapSecrets(spec, (v) => (isSealed(v) ? v : box.seal(v, contextOf(spec.name))));
}

/** The spec with its secrets opened, for calling the cluster. */
export function openSpec(box: SecretBox, spec: ClusterConnectionSpec): ClusterConnectionSpec {
  return mapSecrets(spec, (v) => box.open(v, contextOf(spec.name)));
}

/** The spec's URL, opened if it was sealed (it held a password). */
export function openUrl(box: SecretBox, spec: ClusterConnectionSpec): string {
  return isSealed(spec.url) ? box.open(spec.url, contextOf(spec.name)) : spec.url;
}

/** True if a stored spec still holds a secret in plaintext (written before secrets were sealed). */
export function hasPlaintext(spec: ClusterConnectionSpec): boolean {
  let plain = false;
  mapSecrets(spec, (v) => {
    plain ||= !isSealed(v);
    return v;
  });
  return plain;
}
