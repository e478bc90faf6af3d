import { illegalArgument, indexNotFound } from '../http/errors';
import { jsonOf, type Request } from '../http/request';
import { json, type Reply } from '../http/respond';
import type { Router } from '../http/router';
import type { ClusterNode } from '../node/cluster-node';
import { docCounts } from '../stats/shard-stats';
import type { AliasSpec, IndexMeta, Mappings } from './index-meta';
import { parseTimeValue } from './index-meta';
import { validateIndexName } from './index-names';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

function bytesOf(raw: unknown, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(String(raw));
  if (!m) throw illegalArgument(`failed to parse setting [${name}] with value [${String(raw)}] as a size in bytes`);
  return Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()];
}

/** Each condition's label (`[max_docs: 5]`) and whether the current write index meets it. */
function evaluate(node: ClusterNode, meta: IndexMeta, conditions: Record<string, unknown>): Record<string, boolean> {
  const docs = meta.shards.reduce((n, _, i) => n + docCounts(node, meta, i).live, 0);
  const size = meta.shards.reduce((n, s) => n + s.bytes, 0);
  const largest = Math.max(0, ...meta.shards.map((s) => s.bytes));
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(conditions)) {
    const label = `[${k}: ${String(v)}]`;
    if (k === 'max_age') out[label] = Date.now() - meta.created >= parseTimeValue(v, 'max_age');
    else if (k === 'max_docs') out[label] = docs >= Number(v);
    else if (k === 'max_size') out[label] = size >= bytesOf(v, 'max_size');
    else if (k === 'max_primary_shard_size') out[label] = largest >= bytesOf(v, 'max_primary_shard_size');
    else throw illegalArgument(`unknown rollover condition [${k}]`);
  }
  return out;
}

/** The next name of `name-000001` style indices, as OpenSearch generates it (the number kept six digits wide). */
function nextName(old: string): string {
  const m = /^(.*-)(\d+)$/.exec(old);
  if (!m) throw illegalArgument(`index name [${old}] does not match pattern '^.*-\\d+$'`);
  return `${m[1]}${String(Number(m[2]) + 1).padStart(6, '0')}`;
}

/** The alias's write index: its only index, or the one marked `is_write_index`. */
function writeIndexOf(node: ClusterNode, alias: string): IndexMeta {
  const holders = node.registry.all().filter((m) => alias in m.aliases);
  if (holders.length === 0) {
    if (node.registry.get(alias)) throw illegalArgument(`rollover target [${alias}] is not an alias or a data stream`);
    throw indexNotFound(alias);
  }
  const marked = holders.find((m) => m.aliases[alias].is_write_index === true);
  if (marked) return marked;
  if (holders.length > 1) throw illegalArgument(`rollover target [${alias}] does not point to a write index`);
  return holders[0];
}

/**
 * `POST /{alias}/_rollover[/{new_index}]`: when no condition is given, or one is met, a new write index is
 * created (named after the old one's counter unless named) and the alias moves to it: an alias that marks its
 * write index keeps the old index as a read alias, a plain one leaves it. A data stream gets its next
 * generation. `dry_run` evaluates without changing anything.
 */
function rollover(node: ClusterNode, req: Request, target: string, named?: string): Reply {
  const body = jsonOf(req) ?? {};
  const dryRun = req.query.get('dry_run') === 'true';
  const stream = node.dataStreams.get(target);
  const old = stream ? node.dataStreams.backing(stream).pop() : writeIndexOf(node, target);
  if (!old) throw indexNotFound(target);
  const conditions = evaluate(node, old, (body.conditions ?? {}) as Record<string, unknown>);
  const met = Object.keys(conditions).length === 0 || Object.values(conditions).some(Boolean);
  const newName = stream ? `.ds-${stream.name}-${String(stream.generation + 1).padStart(6, '0')}` : (named ?? nextName(old.name));
  if (!stream) validateIndexName(newName);
  const answer = (rolled: boolean) => json({ acknowledged: rolled, shards_acknowledged: rolled, old_index: old.name, new_index: newName, rolled_over: rolled, dry_run: dryRun, conditions });
  if (dryRun || !met) return answer(false);
  if (stream) {
    node.dataStreams.rollover(stream);
    return answer(true);
  }
  const spec = old.aliases[target];
  const explicit = spec.is_write_index === true;
  const aliases = { ...((body.aliases ?? {}) as Record<string, AliasSpec>), [target]: { ...spec, ...(explicit ? { is_write_index: true } : {}) } };
  node.createIndex({ name: newName, settings: body.settings, mappings: body.mappings as Mappings | undefined, aliases });
  if (explicit) old.aliases[target] = { ...spec, is_write_index: false };
  else delete old.aliases[target];
  node.registry.save(old);
  return answer(true);
}

/** Rollover of aliases and data streams. */
export function registerRolloverRoutes(router: Router, node: ClusterNode): void {
  router.add('POST', '/{alias}/_rollover', (req, p) => rollover(node, req, p.alias));
  router.add('POST', '/{alias}/_rollover/{new_index}', (req, p) => rollover(node, req, p.alias, p.new_index));
}
