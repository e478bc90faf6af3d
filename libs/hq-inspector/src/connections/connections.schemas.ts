import { clusterAuthSchema, clusterTlsSchema } from '@ferry/clusters';
import { z } from 'zod';

/**
 * Body of `POST /api/clusters/_connect`: HQ's `{ip, port, use_ssl, username, password}`, or Ferry's
 * `{url, name, auth, tls}`. `ip` may itself be a URL (`https://user:pass@host:443/prefix`), so a path
 * prefix survives (HQ #503) and AWS endpoints need no port juggling (HQ #537).
 */
export const connectBodySchema = z
  .object({
    /** Host name, IP or a whole URL. */
    ip: z.string().trim().min(1).optional(),
    /** REST port; HQ's default is 9200. */
    port: z.union([z.string().trim().regex(/^\d{1,5}$/), z.number().int().min(1).max(65535)]).optional(),
    /** https only when this is the boolean true, as in HQ. */
    use_ssl: z.union([z.boolean(), z.string()]).optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Base URL of the cluster; wins over ip/port/use_ssl. */
    url: z.string().trim().min(1).optional(),
    /** Alias of the connection; defaults to `cluster_name` from `GET /`. */
    name: z.string().trim().min(1).optional(),
    auth: clusterAuthSchema.optional(),
    tls: clusterTlsSchema.optional(),
    /** Request timeout in ms (HQ: 30 s). */
    timeoutMs: z.number().int().positive().optional(),
  })
  .refine((b) => b.ip !== undefined || b.url !== undefined, { message: 'Missing required parameters.', path: ['ip'] });
export type ConnectBody = z.infer<typeof connectBodySchema>;

/** `<cluster>` path parameter. */
export const clusterParamsSchema = z.object({ cluster: z.string().min(1) });

/** HQ's ClusterDTO, in HQ's field order, plus what Ferry knows besides (never a secret). */
export interface ClusterDto {
  cluster_name: string;
  cluster_ip: string;
  cluster_port: string;
  cluster_scheme: string;
  cluster_connected: boolean;
  cluster_host: string;
  cluster_version: string | null;
  cluster_health: unknown;
  cluster_settings: unknown;
  /** The name the cluster itself reports (`cluster_name` of `GET /`). */
  cluster_real_name: string | null;
  cluster_uuid: string | null;
  cluster_distribution: string | null;
  cluster_auth_type: string;
  cluster_tls: { verify: boolean; ca: boolean; clientCert: boolean } | null;
  cluster_local: boolean;
  cluster_source: string;
}
