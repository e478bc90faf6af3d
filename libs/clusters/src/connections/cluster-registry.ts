import { Client } from '@opensearch-project/opensearch';
import { ConflictError, NotFoundError, purgeFreedPages, validationFailure, type Logger, type SecretBox, type Store } from '@ferry/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  clusterConnectionInputSchema,
  type ClusterConnection,
  type ClusterConnectionInput,
  type ClusterConnectionSpec,
  type ClusterInfo,
} from './connection.schemas';
import { hasPlaintext, openSpec, openUrl, sealSpec } from './connection-secrets';
import { createHttpTarget, type HttpTarget } from './http-target';
import { probeCluster } from './probe';
import { BoundedSerializer } from './bounded-serializer';

/** A request handler of a cluster running in this process (the embedded cluster). */
export type InProcessHandler = (req: IncomingMessage, res: ServerResponse) => void;

interface Entry {
  /** As stored: secrets sealed; opened only to build a target or client. */
  spec: ClusterConnectionSpec;
  info?: ClusterInfo;
  source: 'config' | 'api';
  updatedAt: string;
  target?: HttpTarget;
  client?: Client;
}

/** Options of {@link ClusterRegistry.upsert}. */
export interface UpsertOptions {
  /** Read `GET /` first and store distribution, version, name and uuid (default true). Fails if unreachable. */
  probe?: boolean;
  /** Replace an existing connection of that name (default true); false answers 409 instead. */
  overwrite?: boolean;
  source?: 'config' | 'api';
}

/**
 * Named cluster connections, persisted in the store and cached in memory so that hot paths
 * (the pass-through) read them synchronously. Secrets are sealed in the store and in memory, opened only
 * to call the cluster; views never carry them.
 */
export class ClusterRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly inProcess = new Map<string, InProcessHandler>();
  private readonly listeners = new Set<(name: string) => void>();

  constructor(
    private readonly options: { store: Store; logger: Logger; localName: string; secrets: SecretBox },
  ) {}

  /** Loads persisted connections, sealing secrets still stored in plaintext; call once before use. */
  async load(): Promise<void> {
    const rows = await this.options.store.all<{ name: string; spec: string; info: string | null; source: string; updated_at: string }>(
      'SELECT name, spec, info, source, updated_at FROM cluster_connections',
    );
    const specs = await this.sealPlaintext(rows.map((r) => JSON.parse(r.spec) as ClusterConnectionSpec));
    for (const [i, r] of rows.entries()) {
      this.entries.set(r.name, {
        spec: specs[i],
        info: r.info ? JSON.parse(r.info) : undefined,
        source: r.source as Entry['source'],
        updatedAt: r.updated_at,
      });
    }
  }

  // Rows written before secrets were sealed: sealed in one transaction, then the freed plaintext is purged.
  private async sealPlaintext(specs: ClusterConnectionSpec[]): Promise<ClusterConnectionSpec[]> {
    const plain = specs.filter(hasPlaintext);
    if (plain.length === 0) return specs;
    const sealed = specs.map((s) => sealSpec(this.options.secrets, s));
    await this.options.store.transaction(async (tx) => {
      for (const s of sealed.filter((_, i) => hasPlaintext(specs[i]))) {
        await tx.run('UPDATE cluster_connections SET spec = ? WHERE name = ?', [JSON.stringify(s), s.name]);
      }
    });
    await purgeFreedPages(this.options.store);
    this.options.logger.info({ connections: plain.map((s) => s.name) }, 'sealed cluster connection secrets stored in plaintext');
    return sealed;
  }

  /** Name of the local cluster connection. */
  get localName(): string {
    return this.options.localName;
  }

  /** Every connection, without secrets. */
  async list(): Promise<ClusterConnection[]> {
    return [...this.entries.keys()].sort().map((n) => this.view(n)!);
  }

  async get(name: string): Promise<ClusterConnection | undefined> {
    return this.view(name);
  }

  /** The connection or a 404 naming it. */
  async require(name: string): Promise<ClusterConnection> {
    const v = this.view(name);
    if (!v) throw new NotFoundError(`There is no connection with alias '${name}'.`, { type: 'no_such_remote_cluster_exception' });
    return v;
  }

  /** The local cluster connection (404 if it is not registered). */
  async local(): Promise<ClusterConnection> {
    return this.require(this.localName);
  }

  /** Adds or replaces a connection; validates and (by default) probes it first. */
  async upsert(input: ClusterConnectionInput, options: UpsertOptions = {}): Promise<ClusterConnection> {
    const parsed = clusterConnectionInputSchema.safeParse(input);
    if (!parsed.success) {
      throw validationFailure(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    }
    const spec = parsed.data;
    if (options.overwrite === false && this.entries.has(spec.name)) {
      throw new ConflictError(`a connection named '${spec.name}' already exists`, { type: 'resource_already_exists_exception' });
    }
    const info = options.probe === false ? undefined : await probeCluster(spec.name, createHttpTarget(spec));
    const entry: Entry = { spec: sealSpec(this.options.secrets, spec), info, source: options.source ?? 'api', updatedAt: new Date().toISOString() };
    await this.options.store.run(
      `INSERT INTO cluster_connections (name, spec, info, source, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, info = excluded.info, source = excluded.source, updated_at = excluded.updated_at`,
      [spec.name, JSON.stringify(entry.spec), info ? JSON.stringify(info) : null, entry.source, entry.updatedAt],
    );
    this.dispose(spec.name);
    this.entries.set(spec.name, entry);
    this.emit(spec.name);
    return this.view(spec.name)!;
  }

  /** Forgets a connection; false if there was none. */
  async remove(name: string): Promise<boolean> {
    if (!this.entries.has(name)) return false;
    await this.options.store.run('DELETE FROM cluster_connections WHERE name = ?', [name]);
    this.dispose(name);
    this.entries.delete(name);
    this.emit(name);
    return true;
  }

  /** Reads `GET /` again and stores what it says. */
  async probe(name: string): Promise<ClusterInfo> {
    const entry = this.entry(name);
    const info = await probeCluster(name, this.targetOf(entry));
    entry.info = info;
    await this.options.store.run('UPDATE cluster_connections SET info = ? WHERE name = ?', [JSON.stringify(info), name]);
    return info;
  }

  /** An opensearch-js client for the connection (cached; rebuilt when the connection changes). */
  async client(name: string): Promise<Client> {
    const entry = this.entry(name);
    entry.client ??= buildClient(openSpec(this.options.secrets, entry.spec));
    return entry.client;
  }

  /** Raw HTTP target (URL, auth headers, keep-alive agent). */
  async target(name: string): Promise<HttpTarget> {
    return this.targetOf(this.entry(name));
  }

  /** Synchronous target lookup for hot paths; undefined if unknown. */
  targetSync(name: string): HttpTarget | undefined {
    const entry = this.entries.get(name);
    return entry ? this.targetOf(entry) : undefined;
  }

  /** Declares that `name` is served by a handler in this process (the embedded cluster). */
  attachInProcess(name: string, handler: InProcessHandler): void {
    this.inProcess.set(name, handler);
  }

  /** The in-process handler of `name`, if any. */
  inProcessHandler(name: string): InProcessHandler | undefined {
    return this.inProcess.get(name);
  }

  /** Called with the name whenever a connection is added, changed or removed. */
  onChange(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes cached clients and agents. */
  async close(): Promise<void> {
    for (const name of this.entries.keys()) this.dispose(name);
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new NotFoundError(`There is no connection with alias '${name}'.`, { type: 'no_such_remote_cluster_exception' });
    return entry;
  }

  private targetOf(entry: Entry): HttpTarget {
    entry.target ??= createHttpTarget(openSpec(this.options.secrets, entry.spec));
    return entry.target;
  }

  private dispose(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.client?.close().catch(() => undefined);
    entry.target?.agent.destroy();
    entry.target?.pool.destroy().catch(() => undefined);
    entry.client = undefined;
    entry.target = undefined;
  }

  private emit(name: string): void {
    for (const l of this.listeners) {
      try {
        l(name);
      } catch (err) {
        this.options.logger.warn({ err }, 'cluster change listener failed');
      }
    }
  }

  private view(name: string): ClusterConnection | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    // A URL holding a password is sealed whole; opened here only to show it without the credentials.
    const url = new URL(openUrl(this.options.secrets, e.spec));
    url.username = '';
    url.password = '';
    return {
      name,
      url: url.toString().replace(/\/$/, ''),
      auth: e.spec.auth.type === 'basic' ? { type: 'basic', username: e.spec.auth.username } : { type: e.spec.auth.type },
      tls: e.spec.tls ? { verify: e.spec.tls.verify, ca: !!e.spec.tls.ca, clientCert: !!e.spec.tls.cert } : undefined,
      timeoutMs: e.spec.timeoutMs,
      local: name === this.localName,
      source: e.source,
      updatedAt: e.updatedAt,
      ...(e.info ?? {}),
    };
  }
}

function buildClient(spec: ClusterConnectionSpec): Client {
  const auth =
    spec.auth.type === 'basic'
      ? { username: spec.auth.username, password: spec.auth.password }
      : spec.auth.type === 'apiKey'
        ? { apiKey: spec.auth.apiKey }
        : undefined;
  return new Client({
    node: spec.url,
    auth: auth as never,
    headers: spec.auth.type === 'bearer' ? { authorization: `Bearer ${spec.auth.token}` } : undefined,
    requestTimeout: spec.timeoutMs,
    agent: { keepAlive: true, maxSockets: 64 },
    Serializer: BoundedSerializer,
    ssl: spec.tls ? { ca: spec.tls.ca, cert: spec.tls.cert, key: spec.tls.key, rejectUnauthorized: spec.tls.verify } : undefined,
  });
}
