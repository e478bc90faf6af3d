import { NotFoundError, ValidationError } from '@ferry/core';
import type { IngestionIndex, IngestionService } from './ingestion-service';

/** Whether an index exists on the local cluster (for telling "unknown" from "not an ingestion index"). */
export type IndexExists = (name: string) => Promise<boolean>;

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** OpenSearch's 404 for an unknown index. */
export function indexNotFound(name: string): NotFoundError {
  return new NotFoundError(`no such index [${name}]`, {
    type: 'index_not_found_exception',
    fields: { 'resource.type': 'index_or_alias', 'resource.id': name, index_uuid: '_na_', index: name },
  });
}

/**
 * Resolves `a,b,logs-*` to ingestion indices. A concrete name must exist (404 `index_not_found_exception`)
 * and have pull-based ingestion (400 `illegal_argument_exception`); wildcards match ingestion indices only.
 */
export async function resolveIndices(service: IngestionService, expression: string, exists: IndexExists): Promise<IngestionIndex[]> {
  const names = expression.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new ValidationError('Validation Failed: 1: index is missing;', { type: 'action_request_validation_exception' });
  const out = new Map<string, IngestionIndex>();
  for (const name of names) {
    if (name === '_all' || name.includes('*')) {
      const re = wildcard(name === '_all' ? '*' : name);
      for (const e of service.list()) if (re.test(e.record.name)) out.set(e.record.name, e);
      continue;
    }
    const entry = service.get(name);
    if (entry) {
      out.set(name, entry);
      continue;
    }
    if (!(await exists(name))) throw indexNotFound(name);
    throw new ValidationError(`index [${name}] does not have pull-based ingestion enabled: it was not created with index.ingestion_source settings`, {
      type: 'illegal_argument_exception',
    });
  }
  return [...out.values()].sort((a, b) => a.record.createdAt - b.record.createdAt || a.record.name.localeCompare(b.record.name));
}
