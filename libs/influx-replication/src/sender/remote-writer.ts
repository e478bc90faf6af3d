import { withoutUserinfo } from '@ferry/core';
import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import type { RemoteTarget } from '../remotes/remotes.schemas';

/** Where a batch goes: the remote and the remote bucket (v1: `db` or `db/rp`). */
export interface WriteDestination {
  remote: RemoteTarget;
  remoteBucketID: string | null;
  remoteBucketName: string;
}

/** What a remote answered; `status` 0 means no answer (network error or timeout). */
export interface WriteOutcome {
  status: number;
  /** `""` on success, else InfluxDB's wording: `invalid response code 401, must be 204: 401 Unauthorized: <remote message>`. */
  message: string;
  /** From `Retry-After`, in ms. */
  retryAfterMs?: number;
}

/** The URL and headers of a write (or an empty validation write) to a remote; the URL path prefix is kept. */
export function writeRequest(dest: WriteDestination, gzipped: boolean): { url: string; headers: Record<string, string> } {
  const { remote } = dest;
  const base = new URL(remote.remoteURL);
  const prefix = base.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', accept: 'application/json', 'user-agent': 'ferry-influx-replication' };
  if (gzipped) headers['content-encoding'] = 'gzip';
  let url: string;
  if (remote.remoteType === 'v1') {
    const name = dest.remoteBucketName;
    const slash = name.indexOf('/');
    const db = slash < 0 ? name : name.slice(0, slash);
    const rp = slash < 0 ? '' : name.slice(slash + 1);
    url = `${base.origin}${prefix}/write?db=${encodeURIComponent(db)}${rp ? `&rp=${encodeURIComponent(rp)}` : ''}&precision=n`;
    if (remote.remoteAPIToken) headers.authorization = `Basic ${Buffer.from(remote.remoteAPIToken).toString('base64')}`;
  } else {
    const bucket = dest.remoteBucketName || dest.remoteBucketID || '';
    url = `${base.origin}${prefix}/api/v2/write?org=${encodeURIComponent(remote.remoteOrgID ?? '')}&bucket=${encodeURIComponent(bucket)}&precision=ns`;
    if (remote.remoteAPIToken) headers.authorization = `Token ${remote.remoteAPIToken}`;
  }
  return { url, headers };
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs, 600) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - Date.now()), 600_000);
}

function remoteMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: string; error?: string };
    return body.message ?? body.error ?? text;
  } catch {
    return text.trim();
  }
}

/** Posts line protocol to remotes over keep-alive connections (one pool per TLS mode). */
export class RemoteWriter {
  private readonly agents = new Map<boolean, Agent>();

  constructor(private readonly options: { timeoutMs: number }) {}

  private agent(insecure: boolean): Agent {
    let a = this.agents.get(insecure);
    if (!a) {
      const t = this.options.timeoutMs;
      a = new Agent({ keepAliveTimeout: 30_000, headersTimeout: t, bodyTimeout: t, connect: { rejectUnauthorized: !insecure, timeout: Math.min(t, 10_000) } });
      this.agents.set(insecure, a);
    }
    return a;
  }

  /** Sends `body` (line protocol, gzipped unless `gzipped` is false, or empty for validation); never throws. */
  async write(dest: WriteDestination, body: Buffer, signal?: AbortSignal, gzipped = true): Promise<WriteOutcome> {
    let url = dest.remote.remoteURL;
    try {
      const req = writeRequest(dest, gzipped && body.length > 0);
      url = req.url;
      const res = await request(url, { method: 'POST', headers: req.headers, body, dispatcher: this.agent(dest.remote.allowInsecureTLS), signal });
      const text = await res.body.text();
      if (res.statusCode === 204) return { status: 204, message: '' };
      const status = `${res.statusCode} ${STATUS_CODES[res.statusCode] ?? ''}`.trim();
      return {
        status: res.statusCode,
        message: `invalid response code ${res.statusCode}, must be 204: ${status}: ${remoteMessage(text)}`,
        retryAfterMs: parseRetryAfter(res.headers['retry-after']),
      };
    } catch (err) {
      const e = err as Error & { cause?: Error; code?: string };
      return { status: 0, message: `Post "${withoutUserinfo(url)}": ${e.cause?.message ?? e.message}${e.code ? ` (${e.code})` : ''}` };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }
}
