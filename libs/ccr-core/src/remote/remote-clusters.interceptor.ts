import type { ServerResponse } from 'node:http';
import { parseBoundedJson, ValidationError, type Logger, type PassThroughInterceptor, type PassThroughRequest } from '@ferry/core';
import type { ClusterRegistry } from '@ferry/clusters';
import { Rest } from '../rest/rest';
import { flatten, splitRemote, toConnection, urlToSeed, type RemoteDeclaration } from './remote-settings';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** What a scope (persistent/transient) echoes for its remote declarations; secrets never echo. */
function echo(decls: RemoteDeclaration[]): Record<string, unknown> {
  if (decls.length === 0) return {};
  const remote: Record<string, unknown> = {};
  for (const d of decls) {
    const ferry = Object.fromEntries(Object.entries(d.ferry).filter(([k]) => k === 'url' || k === 'username'));
    remote[d.alias] = { seeds: d.seeds, ...(Object.keys(ferry).length ? { ferry } : {}) };
  }
  return { cluster: { remote } };
}

async function apply(registry: ClusterRegistry, decls: RemoteDeclaration[]): Promise<void> {
  for (const d of decls) {
    if (d.seeds === null && !d.ferry.url) {
      if (d.alias !== registry.localName) await registry.remove(d.alias);
      continue;
    }
    const input = toConnection(d);
    if (input) await registry.upsert(input, { probe: false, source: 'api' });
  }
}

async function putSettings(registry: ClusterRegistry, req: PassThroughRequest, res: ServerResponse): Promise<boolean> {
  const raw = (await req.body()).toString('utf8');
  let body: Record<string, Record<string, unknown>>;
  try {
    body = raw.trim() ? (parseBoundedJson(raw) as typeof body) : {};
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new ValidationError(`failed to parse request body: ${(err as Error).message}`, { type: 'parse_exception' });
  }
  // Not an object (`null`, an array): no remote declared here, the cluster answers for the body.
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const scopes = ['persistent', 'transient'] as const;
  const split = Object.fromEntries(scopes.map((s) => [s, splitRemote(flatten(body[s] ?? {}))])) as Record<(typeof scopes)[number], ReturnType<typeof splitRemote>>;
  const remotes = [...split.persistent.remotes, ...split.transient.remotes];
  // Nothing for us: the pass-through forwards the bytes already read.
  if (remotes.length === 0) return false;
  await apply(registry, remotes);
  const others = scopes.some((s) => Object.keys(split[s].rest).length > 0);
  let answer: Record<string, any> = { acknowledged: true, persistent: {}, transient: {} };
  if (others) {
    const local = new Rest(await registry.client(registry.localName));
    answer = await local.json({ method: 'PUT', path: '/_cluster/settings', body: { persistent: split.persistent.rest, transient: split.transient.rest } });
  }
  answer.persistent = { ...(answer.persistent ?? {}), ...echo(split.persistent.remotes) };
  answer.transient = { ...(answer.transient ?? {}), ...echo(split.transient.remotes) };
  send(res, 200, answer);
  return true;
}

async function remoteInfo(registry: ClusterRegistry, res: ServerResponse, logger: Logger): Promise<void> {
  const out: Record<string, unknown> = {};
  for (const c of await registry.list()) {
    if (c.local) continue;
    let connected = false;
    try {
      await registry.probe(c.name);
      connected = true;
    } catch (err) {
      logger.debug({ err, alias: c.name }, 'remote cluster unreachable');
    }
    out[c.name] = {
      connected,
      mode: 'sniff',
      seeds: [urlToSeed(c.url)],
      num_nodes_connected: connected ? 1 : 0,
      max_connections_per_cluster: 3,
      initial_connect_timeout: '30s',
      skip_unavailable: false,
    };
  }
  send(res, 200, out);
}

/**
 * Remote clusters declared the OpenSearch way: `PUT /_cluster/settings` with
 * `cluster.remote.<alias>.seeds` registers (or, with null, removes) a connection of the registry, and
 * `GET /_remote/info` lists them. Other settings in the same request go to the local cluster.
 */
export function remoteClustersInterceptor(registry: () => ClusterRegistry, logger: Logger): PassThroughInterceptor {
  return {
    name: 'ccr-remote-clusters',
    matches(method, segments) {
      if (method === 'PUT' && segments.length === 2 && segments[0] === '_cluster' && segments[1] === 'settings') return true;
      return method === 'GET' && segments.length === 2 && segments[0] === '_remote' && segments[1] === 'info';
    },
    async intercept(req, res) {
      if (req.method !== 'GET') return (await putSettings(registry(), req, res)) ? { action: 'handled' } : { action: 'continue' };
      await remoteInfo(registry(), res, logger);
      return { action: 'handled' };
    },
  };
}
