import { createSecureContext } from 'node:tls';
import { isHeaderSafe } from '@ferry/core';
import { z } from 'zod';

// Sent as it is in an Authorization header: a control character or non-ASCII would make every request throw.
// The message never quotes the value (it is a secret).
const headerSecret = z
  .string()
  .min(1)
  .refine(isHeaderSafe, 'must be printable ASCII: it goes in an HTTP header (pasted with a trailing newline?)');

/** How Ferry authenticates to a cluster. */
export const clusterAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }),
  z.object({ type: z.literal('apiKey'), apiKey: headerSecret }),
  z.object({ type: z.literal('bearer'), token: headerSecret }),
]);
export type ClusterAuth = z.infer<typeof clusterAuthSchema>;

/** TLS settings of a connection. */
export const clusterTlsSchema = z.object({
  /** PEM of the CA that signed the cluster's certificate. */
  ca: z.string().optional(),
  /** Verify the certificate (default true). */
  verify: z.boolean().default(true),
  /** PEM client certificate and key, for mutual TLS. */
  cert: z.string().optional(),
  key: z.string().optional(),
});
export type ClusterTls = z.infer<typeof clusterTlsSchema>;

// `new URL` may refuse what zod's `url()` lets through (`http://[::1`): a throw in a refinement would be a 500.
function isHttpUrl(u: string): boolean {
  try {
    return /^https?:$/.test(new URL(u).protocol);
  } catch {
    return false;
  }
}

const httpUrl = z.string().url().refine(isHttpUrl, 'must be an http or https URL');

/**
 * Node parses TLS material only when the first https request builds its agent; material it cannot load
 * would then fail every request to the cluster with a 500, so an https connection with such material is
 * refused (400) when registered. The OpenSSL reason is kept; the material itself never goes into the message.
 */
function checkTlsMaterial(input: { url: string; tls?: { ca?: string; cert?: string; key?: string } }, ctx: z.RefinementCtx): void {
  const tls = input.tls;
  if (!tls || !input.url.startsWith('https:')) return;
  try {
    createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key });
  } catch (err) {
    const field = tls.key !== undefined ? 'key' : tls.cert !== undefined ? 'cert' : 'ca';
    ctx.addIssue({ code: 'custom', path: ['tls', field], message: `cannot load the TLS ${field} (PEM expected): ${(err as Error).message}` });
  }
}

/** What it takes to register a connection. */
export const clusterConnectionInputSchema = z.object({
  /** Alias of the connection, e.g. `leader`. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, _ . - (max 128), starting with a letter or digit'),
  /** Base URL; a path prefix (e.g. behind a reverse proxy) is kept on every request. */
  url: httpUrl,
  auth: clusterAuthSchema.default({ type: 'none' }),
  tls: clusterTlsSchema.optional(),
  /** Request timeout in ms. */
  timeoutMs: z.number().int().positive().default(30_000),
}).superRefine(checkTlsMaterial);
export type ClusterConnectionInput = z.input<typeof clusterConnectionInputSchema>;
export type ClusterConnectionSpec = z.output<typeof clusterConnectionInputSchema>;

/** What `GET /` tells about a cluster. */
export interface ClusterInfo {
  distribution: 'opensearch' | 'elasticsearch';
  version: string;
  clusterName: string;
  clusterUuid: string;
  nodeName?: string;
}

/** A connection as the world may see it: no secrets. */
export interface ClusterConnection extends Partial<ClusterInfo> {
  name: string;
  url: string;
  auth: { type: ClusterAuth['type']; username?: string };
  tls?: { verify: boolean; ca: boolean; clientCert: boolean };
  timeoutMs: number;
  /** True for the local cluster (follower of CCR, target of pull ingestion). */
  local: boolean;
  /** Where the connection came from. */
  source: 'config' | 'api';
  updatedAt: string;
}
