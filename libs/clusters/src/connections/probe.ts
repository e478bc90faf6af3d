import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError, GatewayTimeoutError, MAX_ANSWER_DEPTH, parseBoundedJson, UnauthorizedError } from '@ferry/core';
import type { ClusterInfo } from './connection.schemas';
import { joinPath, type HttpTarget } from './http-target';

/** Raised when a cluster cannot be reached at all (refused, DNS, TLS, timeout). */
export class ClusterUnreachableError extends AppError {
  constructor(name: string, cause: string) {
    super(502, `cluster '${name}' is unreachable: ${cause}`, { code: 'cluster_unreachable', type: 'connect_transport_exception' });
  }
}

/** Sends one GET and parses JSON; maps transport failures to AppErrors. */
export function getJson(name: string, target: Omit<HttpTarget, 'pool'>, path: string): Promise<{ status: number; body: unknown }> {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: target.url.hostname,
        port: target.url.port || (target.url.protocol === 'https:' ? 443 : 80),
        path: joinPath(target.url, path),
        method: 'GET',
        agent: target.agent,
        headers: { accept: 'application/json', ...target.headers },
        timeout: target.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? parseBoundedJson(text, MAX_ANSWER_DEPTH) : undefined });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
        res.on('error', (err) => reject(new ClusterUnreachableError(name, err.message)));
      },
    );
    req.on('timeout', () => req.destroy(new GatewayTimeoutError(`cluster '${name}' did not answer within ${target.timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof AppError ? err : new ClusterUnreachableError(name, (err as Error).message)));
    req.end();
  });
}

/** `GET /` of a cluster: tells OpenSearch from Elasticsearch by `version.distribution`. */
export async function probeCluster(name: string, target: Omit<HttpTarget, 'pool'>): Promise<ClusterInfo> {
  const { status, body } = await getJson(name, target, '/');
  if (status === 401 || status === 403) throw new UnauthorizedError(`cluster '${name}' refused the credentials (HTTP ${status})`);
  const root = body as { name?: string; cluster_name?: string; cluster_uuid?: string; version?: { number?: string; distribution?: string } };
  if (status !== 200 || !root?.version?.number) {
    throw new AppError(502, `cluster '${name}' answered GET / with HTTP ${status} and no version`, { code: 'bad_cluster_answer' });
  }
  return {
    distribution: root.version.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch',
    version: root.version.number,
    clusterName: root.cluster_name ?? '',
    clusterUuid: root.cluster_uuid ?? '',
    nodeName: root.name,
  };
}
