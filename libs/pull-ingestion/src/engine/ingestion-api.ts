import { ValidationError } from '@ferry/core';
import type { ShardPoller } from '../poller/shard-poller';
import type { IngestionIndex, IngestionService } from './ingestion-service';
import { decodeToken, encodeToken, type PageToken } from './page-token';

/** A shard that could not be paused, resumed or reset. */
export interface ShardFailure {
  shard: number;
  error: string;
}

/** OpenSearch's `IngestionUpdateStateResponse`. */
export interface UpdateStateResponse {
  acknowledged: boolean;
  shards_acknowledged: boolean;
  error: string;
  failures?: Record<string, ShardFailure[]>;
}

/** One `reset_settings` entry of `_resume`. */
export interface ResetSetting {
  shard: number;
  mode: 'offset' | 'timestamp';
  value: string;
}

function respond(indices: IngestionIndex[], failures: Record<string, ShardFailure[]>): UpdateStateResponse {
  const failed = Object.values(failures).reduce((n, f) => n + f.length, 0);
  const out: UpdateStateResponse = { acknowledged: true, shards_acknowledged: indices.length > 0 && failed === 0, error: '' };
  if (failed > 0) out.failures = failures;
  return out;
}

function tryEach(entry: IngestionIndex, failures: Record<string, ShardFailure[]>, fn: (p: ShardPoller) => void): void {
  entry.pollers.forEach((p, shard) => {
    try {
      fn(p);
    } catch (err) {
      (failures[entry.record.name] ??= []).push({ shard, error: (err as Error).message });
    }
  });
}

const names = (indices: IngestionIndex[]) => indices.map((e) => e.record.name);

/** `POST /<index>/ingestion/_pause`, serialized with other control calls on these indices. */
export function pauseIngestion(service: IngestionService, indices: IngestionIndex[]): Promise<UpdateStateResponse> {
  return service.control(names(indices), () => pauseLocked(service, indices));
}

async function pauseLocked(service: IngestionService, indices: IngestionIndex[]): Promise<UpdateStateResponse> {
  const failures: Record<string, ShardFailure[]> = {};
  for (const entry of indices) {
    await service.setPaused(entry, true);
    tryEach(entry, failures, (p) => p.pause());
  }
  return respond(indices, failures);
}

/**
 * `POST /<index>/ingestion/_resume`: resets the named shards first (only while paused, else a shard
 * failure "Cannot reset consumer when poller is not paused"), then resumes every shard if all resets worked.
 * Serialized with other control calls on these indices, so a reset sees the pause state it acts on.
 */
export function resumeIngestion(service: IngestionService, indices: IngestionIndex[], resets: ResetSetting[]): Promise<UpdateStateResponse> {
  return service.control(names(indices), () => resumeLocked(service, indices, resets));
}

async function resumeLocked(service: IngestionService, indices: IngestionIndex[], resets: ResetSetting[]): Promise<UpdateStateResponse> {
  const failures: Record<string, ShardFailure[]> = {};
  for (const entry of indices) {
    for (const r of resets) {
      const poller = entry.pollers[r.shard];
      const fail = (error: string) => (failures[entry.record.name] ??= []).push({ shard: r.shard, error });
      if (!poller) fail(`shard [${r.shard}] does not exist in index [${entry.record.name}]`);
      else await poller.reset(r.mode, r.value).catch((err: Error) => fail(err.message));
    }
  }
  if (Object.keys(failures).length > 0) return respond(indices, failures);
  for (const entry of indices) {
    await service.setPaused(entry, false);
    tryEach(entry, failures, (p) => p.resume());
  }
  return respond(indices, failures);
}

/** One shard in `_state`, as OpenSearch's `ShardIngestionState` schema declares it. */
export interface ShardIngestionState {
  shard: number;
  poller_state: string;
  error_policy: string;
  poller_paused: boolean;
  write_block_enabled: boolean;
  batch_start_pointer: string;
}

/** Ferry's extras on a `_state` shard, only with `?ferry=true`. */
export interface ShardIngestionExtras {
  is_primary: boolean;
  node: string;
  /** Why the poller paused (request, write block, fatal error, BLOCK). */
  paused_reason?: string;
  /** The error the poller is stuck on (BLOCK retries, consumer creation). */
  last_error?: string;
}

/** One shard as `_state` shows it. */
export function shardState(entry: IngestionIndex, shard: number): ShardIngestionState {
  const p = entry.pollers[shard];
  return {
    shard,
    poller_state: p.state,
    error_policy: entry.source.errorStrategy,
    poller_paused: p.paused,
    write_block_enabled: p.writeBlock,
    batch_start_pointer: p.batchStartPointer?.display ?? '',
  };
}

/** Ferry's extras of one shard, as `_state?ferry=true` shows them. */
export function shardExtras(service: IngestionService, entry: IngestionIndex, shard: number): ShardIngestionExtras {
  const p = entry.pollers[shard];
  const reason = p.pausedReason ?? (p.writeBlock ? 'write block on the index' : undefined);
  return {
    is_primary: true,
    node: service.node,
    ...(p.paused || p.writeBlock ? { paused_reason: reason } : {}),
    ...(p.lastError ? { last_error: p.lastError } : {}),
  };
}

/** Options of `_state`. */
export interface StateOptions {
  size: number;
  nextToken?: string;
  shards?: number[];
  /** `?ferry=true`: add {@link ShardIngestionExtras} to each shard. */
  ferry?: boolean;
}

/**
 * `GET /<index>/ingestion/_state`, paginated like OpenSearch's `ShardPaginationStrategy`: indices by
 * creation time, shards by id, `size` shard copies per page (only primaries poll here).
 */
export function ingestionState(service: IngestionService, indices: IngestionIndex[], options: StateOptions) {
  if (options.size < 1) {
    throw new ValidationError('size value should be greater than the replica count of all indices, so that all primary and replicas of a shard show up in single page', {
      type: 'illegal_argument_exception',
    });
  }
  const token: PageToken | undefined = options.nextToken ? decodeToken(options.nextToken) : undefined;
  const page: { entry: IngestionIndex; shard: number }[] = [];
  let more = false;
  for (const entry of indices) {
    const { name, createdAt } = entry.record;
    if (token && (createdAt < token.createdAt || (createdAt === token.createdAt && name < token.name))) continue;
    const from = token && createdAt === token.createdAt && name === token.name ? token.shard + 1 : 0;
    for (let shard = from; shard < entry.pollers.length; shard++) {
      if (options.shards && !options.shards.includes(shard)) continue;
      if (page.length === options.size) {
        more = true;
        break;
      }
      page.push({ entry, shard });
    }
    if (more) break;
  }
  const state: Record<string, (ShardIngestionState & Partial<ShardIngestionExtras>)[]> = {};
  for (const { entry, shard } of page) {
    const one = shardState(entry, shard);
    (state[entry.record.name] ??= []).push(options.ferry ? { ...one, ...shardExtras(service, entry, shard) } : one);
  }
  const last = page[page.length - 1];
  return {
    _shards: { total: page.length, successful: page.length, failed: 0, failures: [] },
    ...(more && last ? { next_page_token: encodeToken({ shard: last.shard, createdAt: last.entry.record.createdAt, name: last.entry.record.name }) } : {}),
    ingestion_state: state,
  };
}
