import { toAppError } from '@ferry/core';
import type { Request } from '../http/request';
import type { Reply } from '../http/respond';
import type { ClusterNode } from '../node/cluster-node';
import { type BulkItem, parseBulk } from './bulk-parser';
import { applyUpdate } from './update';
import type { WriteOp, WriteResult } from './write-ops';

/**
 * `_bulk`: consecutive index/create/delete items are applied in one SQLite transaction (one commit per
 * run of writes), updates one by one in between, so item order is kept.
 */
export function runBulk(node: ClusterNode, req: Request, index?: string): Reply {
  const started = Date.now();
  const items = parseBulk(req.body, { index, routing: req.query.get('routing'), pipeline: req.query.get('pipeline') });
  const results: WriteResult[] = [];
  let pending: WriteOp[] = [];
  const flush = () => {
    if (pending.length) results.push(...node.write(pending, null));
    pending = [];
  };
  for (const { item } of items) {
    if (item.kind === 'write') {
      pending.push(item.op);
      continue;
    }
    flush();
    results.push(item.kind === 'update' ? runUpdate(node, item) : invalid(item));
  }
  flush();
  const refresh = req.query.get('refresh');
  if (refresh === 'true' || refresh === '' || refresh === 'wait_for') {
    for (const name of new Set(results.map((r) => r.indexName).filter(Boolean) as string[])) {
      const meta = node.registry.get(name);
      if (meta) node.refresh(meta);
    }
  }
  let errors = false;
  const parts = results.map((r, i) => {
    if (r.error) errors = true;
    return `{${JSON.stringify(items[i].action)}:${JSON.stringify({ ...r.item, status: r.status })}}`;
  });
  return { status: 200, body: `{"took":${Date.now() - started},"errors":${errors},"items":[${parts.join(',')}]}` };
}

function runUpdate(node: ClusterNode, item: Extract<BulkItem, { kind: 'update' }>): WriteResult {
  const attempts = 1 + (item.retryOnConflict ?? 0);
  let last: WriteResult | undefined;
  for (let i = 0; i < attempts; i++) {
    try {
      last = applyUpdate(node, { index: item.index, id: item.id, routing: item.routing, body: item.body, ifSeqNo: item.ifSeqNo, ifPrimaryTerm: item.ifPrimaryTerm });
      if (!last.error || last.status !== 409) return last;
    } catch (err) {
      const e = toAppError(err);
      const cause = { type: e.type ?? 'exception', reason: e.message, ...(e.fields ?? {}) };
      return { status: e.status, error: e, item: { _index: item.index, _id: item.id, status: e.status, error: cause } };
    }
  }
  return last!;
}

function invalid(item: Extract<BulkItem, { kind: 'invalid' }>): WriteResult {
  const e = item.error;
  return { status: e.status, error: e, item: { _index: item.index, _id: item.id ?? null, error: { type: e.type, reason: e.message } } };
}
