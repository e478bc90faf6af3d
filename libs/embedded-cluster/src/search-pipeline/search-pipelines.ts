import { AppError } from '@ferry/core';
import type { Db } from '../storage/database';
import { MetaMap } from '../storage/meta-map';
import { buildProcessor, type Hit, type RequestProcessor, type ResponseProcessor } from './search-processors';

/** A search pipeline as stored and returned by `_search/pipeline`. */
export type SearchPipelineDef = Record<string, unknown>;

/** A pipeline ready to run: its processors built from the definition. */
export interface SearchPipeline {
  request: RequestProcessor[];
  response: ResponseProcessor[];
}

/** One entry of `processor_results` (`verbose_pipeline=true`). */
export interface ProcessorResult {
  processor_name: string;
  tag?: string;
  duration_millis: number;
  status: 'success' | 'fail';
  input_data: unknown;
  output_data?: unknown;
  error?: string;
}

const KEYS = new Set(['description', 'version', 'request_processors', 'response_processors', 'phase_results_processors']);

/** Builds (and so validates) a pipeline definition. */
export function buildPipeline(def: unknown): SearchPipeline {
  if (def === null || typeof def !== 'object' || Array.isArray(def)) throw new AppError(400, 'a search pipeline must be an object', { type: 'parse_exception' });
  const d = def as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!KEYS.has(k)) throw new AppError(400, `pipeline [${k}] is not a known search pipeline property`, { type: 'parse_exception' });
  const list = (key: string) => {
    const v = d[key] ?? [];
    if (!Array.isArray(v)) throw new AppError(400, `[${key}] must be a list of processors`, { type: 'parse_exception' });
    return v;
  };
  if (list('phase_results_processors').length > 0) {
    throw new AppError(400, 'phase_results_processors (normalization, score ranking) come with the neural-search plugin, which the embedded cluster does not have', { type: 'illegal_argument_exception' });
  }
  return {
    request: list('request_processors').map((p) => buildProcessor('request', p) as RequestProcessor),
    response: list('response_processors').map((p) => buildProcessor('response', p) as ResponseProcessor),
  };
}

/** Search pipelines: definitions persisted as cluster metadata, built pipelines cached by name. */
export class SearchPipelineStore {
  private readonly defs: MetaMap<SearchPipelineDef>;
  private readonly built = new Map<string, SearchPipeline>();

  constructor(db: Db) {
    this.defs = new MetaMap<SearchPipelineDef>(db, 'search_pipelines');
  }

  put(id: string, def: unknown): void {
    const pipeline = buildPipeline(def);
    this.defs.put(id, def as SearchPipelineDef);
    this.built.set(id, pipeline);
  }

  delete(id: string): boolean {
    this.built.delete(id);
    return this.defs.delete(id);
  }

  names(): string[] {
    return this.defs.names();
  }

  /** True when no pipeline is stored, so a search without one named skips the default-pipeline lookup. */
  get empty(): boolean {
    return this.defs.size === 0;
  }

  definition(id: string): SearchPipelineDef | undefined {
    return this.defs.get(id);
  }

  /** The built pipeline of a name; a missing one is the 404 OpenSearch answers a search naming it. */
  pipeline(id: string): SearchPipeline {
    const hit = this.built.get(id);
    if (hit) return hit;
    const def = this.defs.get(id);
    if (!def) throw new AppError(404, `Pipeline ${id} is not defined`, { type: 'illegal_argument_exception' });
    const p = buildPipeline(def);
    this.built.set(id, p);
    return p;
  }
}

function timed<T>(results: ProcessorResult[] | undefined, p: { type: string; tag?: string }, input: unknown, f: () => T): T {
  const started = Date.now();
  try {
    const out = f();
    results?.push({ processor_name: p.type, ...(p.tag ? { tag: p.tag } : {}), duration_millis: Date.now() - started, status: 'success', input_data: input, output_data: out });
    return out;
  } catch (err) {
    results?.push({ processor_name: p.type, ...(p.tag ? { tag: p.tag } : {}), duration_millis: Date.now() - started, status: 'fail', input_data: input, error: (err as Error).message });
    throw err;
  }
}

/** Runs the request processors in order; a failing one is skipped under `ignore_failure`. */
export function runRequestProcessors(p: SearchPipeline, body: Record<string, unknown>, results?: ProcessorResult[]): Record<string, unknown> {
  let out = body;
  for (const proc of p.request) {
    try {
      out = timed(results, proc, out, () => proc.apply(out));
    } catch (err) {
      if (!proc.ignoreFailure) throw err;
    }
  }
  return out;
}

/** Runs the response processors over the hits in order. */
export function runResponseProcessors(p: SearchPipeline, hits: Hit[], results?: ProcessorResult[]): Hit[] {
  let out = hits;
  for (const proc of p.response) {
    try {
      out = timed(results, proc, out, () => proc.apply(out));
    } catch (err) {
      if (!proc.ignoreFailure) throw err;
    }
  }
  return out;
}
