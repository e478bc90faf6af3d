import { AppError } from '@ferry/core';
import type { ScriptService } from '../scripting/script-service';
import type { Db } from '../storage/database';
import { MetaMap } from '../storage/meta-map';
import { buildIngestProcessor, type IngestDoc, type IngestProcessor } from './ingest-processors';

/** An ingest pipeline definition as `_ingest/pipeline` stores and returns it. */
export type IngestPipelineDef = Record<string, unknown>;

/** A built pipeline: its processors and the pipeline-level `on_failure` handlers. */
export interface IngestPipeline {
  processors: IngestProcessor[];
  onFailure?: IngestProcessor[];
}

const KEYS = new Set(['description', 'processors', 'on_failure', 'version', '_meta']);

/** Builds (and so validates) a definition; stored scripts named in `script` processors are inlined. */
function buildPipeline(def: unknown, scripts: ScriptService): IngestPipeline {
  if (def === null || typeof def !== 'object' || Array.isArray(def)) throw new AppError(400, 'an ingest pipeline must be an object', { type: 'parse_exception' });
  const d = scripts.inlineStoredScripts(structuredClone(def) as Record<string, unknown>);
  for (const k of Object.keys(d)) if (!KEYS.has(k)) throw new AppError(400, `pipeline [${k}] is not a known ingest pipeline property`, { type: 'parse_exception' });
  if (!Array.isArray(d.processors)) throw new AppError(400, '[processors] required property is missing', { type: 'parse_exception' });
  return {
    processors: d.processors.map(buildIngestProcessor),
    onFailure: Array.isArray(d.on_failure) ? d.on_failure.map(buildIngestProcessor) : undefined,
  };
}

/** The result of running a document through a pipeline. */
export type IngestOutcome = { dropped: true } | { dropped: false; doc: IngestDoc };

/** Ingest pipelines: definitions persisted as cluster metadata, built pipelines cached by name. */
export class IngestPipelineStore {
  private readonly defs: MetaMap<IngestPipelineDef>;
  private readonly built = new Map<string, IngestPipeline>();

  constructor(
    db: Db,
    private readonly scripts: ScriptService,
  ) {
    this.defs = new MetaMap<IngestPipelineDef>(db, 'ingest_pipelines');
  }

  put(id: string, def: unknown): void {
    const p = buildPipeline(def, this.scripts);
    this.defs.put(id, def as IngestPipelineDef);
    this.built.set(id, p);
  }

  delete(id: string): boolean {
    this.built.delete(id);
    return this.defs.delete(id);
  }

  names(): string[] {
    return this.defs.names();
  }

  definition(id: string): IngestPipelineDef | undefined {
    return this.defs.get(id);
  }

  /** True when no pipeline exists, so writes can skip every pipeline check. */
  get empty(): boolean {
    return this.defs.size === 0;
  }

  pipeline(id: string): IngestPipeline {
    let p = this.built.get(id);
    if (!p) {
      const def = this.defs.get(id);
      if (!def) throw new AppError(400, `pipeline with id [${id}] does not exist`, { type: 'illegal_argument_exception' });
      this.built.set(id, (p = buildPipeline(def, this.scripts)));
    }
    return p;
  }

  /** A pipeline built for one request (`_simulate` with an inline definition). */
  build(def: unknown): IngestPipeline {
    return buildPipeline(def, this.scripts);
  }
}

/** Runs a document (changed in place) through a pipeline; a failure goes to the pipeline's `on_failure`. */
export function runIngestPipeline(p: IngestPipeline, doc: IngestDoc): IngestOutcome {
  try {
    for (const proc of p.processors) if (proc.run(doc) === 'drop') return { dropped: true };
  } catch (err) {
    if (!p.onFailure) throw err;
    doc._ingest = { on_failure_message: (err as Error).message };
    for (const proc of p.onFailure) if (proc.run(doc) === 'drop') return { dropped: true };
    delete doc._ingest;
  }
  return { dropped: false, doc };
}
