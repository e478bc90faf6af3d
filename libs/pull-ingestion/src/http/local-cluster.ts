import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { ClusterRegistry } from '@ferry/clusters';
import type { LocalCluster } from '../engine/ingestion-service';
import { flattenSettings } from '../settings/flatten';

/** An HTTP answer of the local cluster, errors included (they are relayed to the client as they are). */
export interface LocalAnswer {
  status: number;
  body: unknown;
}

/** Raw requests to the local cluster through the registry's client. */
export class LocalClusterClient {
  constructor(private readonly registry: ClusterRegistry) {}

  private client() {
    return this.registry.client(this.registry.localName);
  }

  /** Sends a request; HTTP errors come back as answers, transport errors throw. */
  async call(method: string, path: string, query: URLSearchParams | Record<string, string> = {}, body?: unknown): Promise<LocalAnswer> {
    const client = await this.client();
    const querystring = query instanceof URLSearchParams ? Object.fromEntries(query) : query;
    try {
      const res = await client.transport.request({ method, path, querystring, body: body as never });
      return { status: res.statusCode ?? 200, body: res.body };
    } catch (err) {
      const meta = (err as { meta?: { statusCode?: number; body?: unknown } }).meta;
      if (meta?.statusCode) return { status: meta.statusCode, body: meta.body };
      throw err;
    }
  }

  /** Sends an NDJSON body (`_bulk`) as it is; HTTP errors come back as answers. */
  async callNdjson(method: string, path: string, query: URLSearchParams, ndjson: string): Promise<LocalAnswer> {
    const client = await this.client();
    try {
      const res = await client.transport.request({ method, path, querystring: Object.fromEntries(query), bulkBody: ndjson });
      return { status: res.statusCode ?? 200, body: res.body };
    } catch (err) {
      const meta = (err as { meta?: { statusCode?: number; body?: unknown } }).meta;
      if (meta?.statusCode) return { status: meta.statusCode, body: meta.body };
      throw err;
    }
  }

  async exists(index: string): Promise<boolean> {
    const answer = await this.call('HEAD', `/${encodeURIComponent(index)}`);
    return answer.status === 200;
  }

  /** An index's settings, flat (from `GET /<index>/_settings`, or `GET /<index>` where that is missing). */
  async indexSettings(index: string): Promise<Record<string, string>> {
    const path = `/${encodeURIComponent(index)}`;
    let answer = await this.call('GET', `${path}/_settings`, { flat_settings: 'true' });
    if (answer.status >= 300) answer = await this.call('GET', path, { flat_settings: 'true' });
    return flattenSettings((answer.body as Record<string, { settings?: unknown }>)?.[index]?.settings ?? {});
  }

  /** The engine's view: bulk, index (dead letters) and the write block of an index. */
  engineView(): LocalCluster {
    return {
      bulkNdjson: async (body) => {
        // As a stream: the answer is parsed by the sink, only when it reports errors.
        const res = await (await this.client()).transport.request({ method: 'POST', path: '/_bulk', bulkBody: body }, { asStream: true });
        const text = await readAll(res.body as unknown as Readable, res.headers?.['content-encoding']);
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) throw new Error(`_bulk answered ${status}: ${text.slice(0, 500)}`);
        return text;
      },
      index: async (params) => (await this.client()).index(params as never),
      writeBlocked: async (name) => {
        const settings = await this.indexSettings(name);
        return String(settings['index.blocks.write']) === 'true' || String(settings['index.blocks.read_only']) === 'true';
      },
    };
  }
}

async function readAll(stream: Readable, encoding: string | string[] | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (String(encoding ?? '').includes('gzip') ? gunzipSync(raw) : raw).toString('utf8');
}
