/** OpenSearch's prefix for every pull-ingestion index setting. */
export const PREFIX = 'index.ingestion_source.';

/** Settings as OpenSearch stores them: flat dotted keys, string values. */
export type FlatSettings = Record<string, string>;

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Flattens nested settings (`{"index":{"ingestion_source":{"type":"kafka"}}}`) to dotted keys. */
export function flattenSettings(value: unknown, prefix = '', out: FlatSettings = {}): FlatSettings {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (prefix) out[prefix] = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
    return out;
  }
  for (const [k, v] of Object.entries(value)) flattenSettings(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** `ingestion_source.x` and `index.ingestion_source.x` both mean `index.ingestion_source.x`. */
export function withIndexPrefix(key: string): string {
  return key.startsWith('index.') ? key : `index.${key}`;
}

/**
 * Splits a request's `settings` object into the ingestion settings (flat, `index.`-prefixed) and
 * everything else, which keeps its original shape for the cluster.
 */
export function splitIngestionSettings(settings: unknown): { ingestion: FlatSettings; rest: Record<string, unknown> } {
  const ingestion: FlatSettings = {};
  const rest = strip(settings, '', ingestion);
  return { ingestion, rest: (rest as Record<string, unknown>) ?? {} };
}

function isIngestionKey(path: string): boolean {
  const full = withIndexPrefix(path);
  return full === 'index.ingestion_source' || full.startsWith(PREFIX);
}

function strip(value: unknown, path: string, ingestion: FlatSettings): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const child = path ? `${path}.${k}` : k;
    if (isIngestionKey(child)) {
      for (const [fk, fv] of Object.entries(flattenSettings(v, child))) ingestion[withIndexPrefix(fk)] = fv;
      continue;
    }
    const kept = strip(v, child, ingestion);
    if (kept !== null && typeof kept === 'object' && !Array.isArray(kept) && Object.keys(kept).length === 0 && Object.keys(v as object).length > 0) continue;
    out[k] = kept;
  }
  return out;
}

/** Nests flat settings back (`a.b: 1` → `{a:{b:1}}`) like OpenSearch's `Settings.getAsStructuredMap`. */
export function nestSettings(flat: FlatSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(flat).sort()) place(out, '', key, flat[key]);
  return out;
}

// A key that is both a value and a prefix (`reset` and `reset.value`) keeps the longer one dotted.
function place(map: Record<string, unknown>, prefix: string, setting: string, value: string): void {
  const dot = setting.indexOf('.');
  if (dot < 0) {
    const inner = map[prefix + setting];
    if (inner && typeof inner === 'object') {
      for (const [k, v] of Object.entries(inner)) map[`${prefix}${setting}.${k}`] = v;
    }
    map[prefix + setting] = value;
    return;
  }
  const key = setting.slice(0, dot);
  const rest = setting.slice(dot + 1);
  const existing = map[prefix + key];
  if (existing === undefined) {
    const child: Record<string, unknown> = {};
    place(child, '', rest, value);
    map[prefix + key] = child;
  } else if (typeof existing === 'object') place(existing as Record<string, unknown>, '', rest, value);
  else place(map, `${prefix}${key}.`, rest, value);
}
