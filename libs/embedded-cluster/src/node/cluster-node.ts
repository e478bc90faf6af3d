import { randomBytes } from 'node:crypto';
import type { Logger } from '@ferry/core';
import { DocumentWriter } from '../documents/document-writer';
import type { WriteOp, WriteResult } from '../documents/write-ops';
import { illegalArgument } from '../http/errors';
import { type IndexMeta, refreshIntervalMs } from '../indices/index-meta';
import { type CreateIndexOptions, IndexRegistry } from '../indices/index-registry';
import { DEFAULT_MAX_SHARDS_PER_NODE } from '../indices/shard-limit';
import { resolveExpression, type ResolveOptions } from '../indices/resolve';
import { ScriptService } from '../scripting/script-service';
import { IngestPipelineStore } from '../ingest/ingest-pipelines';
import { mergeStaged, stageIngest } from '../ingest/ingest-writes';
import { SearchPipelineStore } from '../search-pipeline/search-pipelines';
import { SearchService } from '../search/search-service';
import { type Db, metaValue, openDatabase } from '../storage/database';
import { DocStore } from '../storage/doc-store';
import { applyTemplates } from '../templates/apply-templates';
import { TemplateStore } from '../templates/template-store';
import { DataStreamStore } from '../data-streams/data-stream-store';
import { ContextStore } from './context-store';
import { runMaintenance } from './maintenance';

/** Options of a {@link ClusterNode}. */
export interface ClusterNodeOptions {
  name: string;
  dataDir: string;
  logger?: Logger;
}

/** The single node of an embedded cluster: storage, index metadata, writes, refresh and search. */
export class ClusterNode {
  readonly db: Db;
  readonly store: DocStore;
  readonly registry: IndexRegistry;
  readonly writer: DocumentWriter;
  readonly searcher: SearchService;
  readonly contexts = new ContextStore();
  readonly templates: TemplateStore;
  /** Stored scripts and Painless compilation. */
  readonly scripts: ScriptService;
  /** Search pipelines (`_search/pipeline`). */
  readonly searchPipelines: SearchPipelineStore;
  /** Ingest pipelines (`_ingest/pipeline`), run on writes that name one or whose index has a default. */
  readonly ingestPipelines: IngestPipelineStore;
  readonly dataStreams: DataStreamStore;
  readonly clusterName: string;
  readonly clusterUuid: string;
  readonly nodeId: string;
  readonly startedAt = Date.now();
  readonly logger?: Logger;
  /** Cluster-level settings (`_cluster/settings`), persistent part stored in `meta`. */
  clusterSettings: { persistent: Record<string, unknown>; transient: Record<string, unknown> };
  private readonly lastRefresh = new Map<IndexMeta, number>();
  private ticker?: NodeJS.Timeout;
  private ticks = 0;

  constructor(options: ClusterNodeOptions) {
    this.clusterName = options.name;
    this.logger = options.logger;
    this.db = openDatabase(options.dataDir);
    this.store = new DocStore(this.db);
    this.registry = new IndexRegistry(this.db, this.store, () => this.maxShards());
    for (const meta of this.registry.all()) if (meta.failure) this.logger?.error({ index: meta.name, reason: meta.failure }, 'embedded cluster index marked failed');
    this.writer = new DocumentWriter(this.registry, this.store, (name) => this.writeIndex(name));
    this.searcher = new SearchService(this.store);
    this.templates = new TemplateStore(this.db);
    this.scripts = new ScriptService(this.db);
    this.searchPipelines = new SearchPipelineStore(this.db);
    this.ingestPipelines = new IngestPipelineStore(this.db, this.scripts);
    this.dataStreams = new DataStreamStore(this.db, this.registry, this.templates.sets);
    this.clusterUuid = metaValue(this.db, 'cluster_uuid', () => randomBytes(16).toString('base64url').slice(0, 22));
    this.nodeId = metaValue(this.db, 'node_id', () => randomBytes(16).toString('base64url').slice(0, 22));
    this.clusterSettings = { persistent: JSON.parse(metaValue(this.db, 'cluster_settings', () => '{}')), transient: {} };
  }

  /** Starts the periodic refresh / expiry / garbage collection tick. */
  start(): void {
    this.ticker = setInterval(() => this.tick(), 100);
    this.ticker.unref();
  }

  close(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.db.close();
  }

  /**
   * One background tick. Nothing here may throw out of the timer (that would end the process, and again
   * at every restart on the same data): an index whose refresh throws is marked failed and skipped.
   */
  private tick(): void {
    const now = Date.now();
    for (const meta of this.registry.all()) {
      if (meta.failure) continue;
      try {
        const interval = refreshIntervalMs(meta);
        if (interval > 0 && now - (this.lastRefresh.get(meta) ?? 0) >= interval) this.refresh(meta, false);
      } catch (err) {
        this.markFailed(meta, `periodic refresh failed: ${(err as Error).message}`);
      }
    }
    try {
      this.contexts.expire(now);
      if (++this.ticks % 50 === 0) runMaintenance(this, now);
    } catch (err) {
      this.logger?.error({ err }, 'embedded cluster background tick failed');
    }
  }

  /** Takes an index out of background work, with the reason logged and kept on the index. */
  markFailed(meta: IndexMeta, reason: string): void {
    meta.failure = reason;
    this.logger?.error({ index: meta.name, reason }, 'embedded cluster index marked failed');
  }

  /** `cluster.max_shards_per_node` (transient over persistent), OpenSearch's default 1000 otherwise. */
  private maxShards(): number {
    const raw = this.clusterSettings?.transient['cluster.max_shards_per_node'] ?? this.clusterSettings?.persistent['cluster.max_shards_per_node'];
    const n = Number(raw);
    return raw !== undefined && raw !== null && Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_SHARDS_PER_NODE;
  }

  /** Makes every operation so far searchable (OpenSearch's refresh). */
  refresh(meta: IndexMeta, explicit = true): void {
    this.lastRefresh.set(meta, Date.now());
    for (const s of meta.shards) {
      if (explicit || s.refreshed !== s.maxSeq) s.refreshTotal++;
      s.refreshed = s.maxSeq;
    }
  }

  /** Applies writes and honours `refresh=true|wait_for`. */
  write(ops: WriteOp[], refresh?: string | null): WriteResult[] {
    const staged = stageIngest({ ops, pipelines: this.ingestPipelines, registry: this.registry });
    const results = staged ? mergeStaged(staged, this.writer.write(staged.ops)) : this.writer.write(ops);
    if (refresh === 'true' || refresh === '' || refresh === 'wait_for') {
      const touched = new Set(results.filter((r) => r.indexName).map((r) => r.indexName!));
      for (const name of touched) {
        const meta = this.registry.get(name);
        if (meta) this.refresh(meta);
      }
      if (refresh !== 'wait_for') for (const r of results) if (r.indexName && !r.error) r.item.forced_refresh = true;
    }
    return results;
  }

  /** Index metadata with aliases resolved; an alias must point to one index or have a write index. */
  writeIndex(name: string): IndexMeta {
    const direct = this.registry.get(name);
    if (direct) return direct;
    const stream = this.dataStreams.get(name);
    if (stream) return this.dataStreams.backing(stream).pop() ?? this.dataStreams.rollover(stream);
    const holders = this.registry.all().filter((m) => name in m.aliases);
    if (holders.length === 1 && holders[0].aliases[name].is_write_index !== false) return holders[0];
    const writer = holders.find((m) => m.aliases[name].is_write_index === true);
    if (writer) return writer;
    if (holders.length > 0) {
      throw illegalArgument(
        `no write index is defined for alias [${name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`,
      );
    }
    if (String(this.clusterSettings.persistent['action.auto_create_index'] ?? 'true') === 'false') {
      throw Object.assign(illegalArgument(`no such index [${name}] and [action.auto_create_index] is [false]`), {});
    }
    // A name a data-stream template matches creates the stream (and its first backing index) on first write.
    if (this.dataStreams.templateFor(name)) return this.dataStreams.backing(this.dataStreams.create(name))[0];
    return this.createIndex({ name });
  }

  /** Creates an index the way a user does (explicitly or by writing to it): matching templates apply first. */
  createIndex(options: CreateIndexOptions): IndexMeta {
    return this.registry.create({ name: options.name, ...applyTemplates(this.templates.sets, options.name, options) });
  }

  /** Resolves an index expression against the current indices. */
  resolve(expression: string | undefined, options?: ResolveOptions): IndexMeta[] {
    return resolveExpression(this.registry.all(), this.withBackingIndices(expression), options);
  }

  /** An expression with each data stream it names (or a wildcard of it matches) replaced by its backing indices. */
  private withBackingIndices(expression: string | undefined): string | undefined {
    if (!expression) return expression;
    const parts = expression.split(',').flatMap((part) => {
      const p = part.trim();
      if (p.startsWith('-') || p === '_all') return [p];
      const streams = p.includes('*') ? this.dataStreams.match(p) : [this.dataStreams.get(p)].filter((d) => d !== undefined);
      if (streams.length === 0) return [p];
      const backing = streams.flatMap((ds) => ds.indices);
      return p.includes('*') ? [p, ...backing] : backing;
    });
    return parts.join(',');
  }

  /** Drops invisible document versions now (what `_forcemerge` triggers). */
  collectGarbage(): void {
    runMaintenance(this, Date.now());
  }

  /** Persists cluster settings. */
  saveClusterSettings(): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('cluster_settings', JSON.stringify(this.clusterSettings.persistent));
  }
}
