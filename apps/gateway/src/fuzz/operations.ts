import type { ErrorFormat } from '@ferry/core';
import { plugins } from '../plugins';

/** The six API families the gateway serves. */
export type Family = 'ccr' | 'influx' | 'ingestion' | 'hq' | 'gateway' | 'passthrough';

/** What the body of an operation looks like when valid. */
export type BodyKind =
  | { kind: 'none' }
  | { kind: 'schema'; contentType: string; schema: JsonSchema }
  | { kind: 'line-protocol' }
  | { kind: 'ndjson-bulk' }
  | { kind: 'sample'; sample: 'doc' | 'query' | 'index' | 'mapping' | 'settings' | 'aliases' | 'pit' };

/** The subset of JSON Schema (OpenAPI 3.0) the generators understand. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** One operation to fuzz: method, path template (`{param}`), query parameters and body. */
export interface Operation {
  family: Family;
  method: string;
  /** e.g. `/_plugins/_replication/{index}/_start` */
  template: string;
  query: { name: string; values?: readonly string[]; required?: boolean }[];
  body: BodyKind;
  /** True when the operation only reads: a viewer may call it. */
  read: boolean;
}

const HQ_MOUNTS = ['proxy', 'clusters', 'nodes', 'indices', 'repositories', 'snapshots', 'query', 'hq', 'rest', 'status', 'routes'];
const INFLUX_MOUNTS = ['write', 'health', 'ping'];

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** An error envelope: a family's, InfluxDB 1.x's `{"error"}` on `/write`, or what the HQ proxy relays from a cluster. */
export type Envelope = ErrorFormat | 'influx-v1' | 'hq-proxy';

/** The envelope the gateway must answer a path with, judged from its non-empty segments as the mount matcher does. */
export function envelopeFor(path: string): Envelope {
  const segs = path.split('?')[0].split('/').filter(Boolean).map(decodeSegment);
  if (segs[0] === '_gateway') return 'gateway';
  if (segs[0] === '_plugins' && segs[1] === '_replication') return 'opensearch';
  if (segs[0] === 'api' && segs[1] === 'v2') return 'influx';
  if (segs[0] === 'write') return 'influx-v1';
  if (INFLUX_MOUNTS.includes(segs[0])) return 'influx';
  if (segs[0] === 'api' && segs[1] === 'proxy') return 'hq-proxy';
  if (segs[0] === 'api' && HQ_MOUNTS.includes(segs[1])) return 'hq';
  return pluginEnvelope(segs) ?? 'opensearch';
}

// Any other plugin (one made with `nx g @ferry/tools:plugin`, say) answers in the format it declares on its literal mounts.
const OTHER_MOUNTS = plugins.flatMap((p) => p.mounts.filter((m) => !m.includes(':')).map((m) => ({ segs: m.split('/').filter(Boolean), format: p.errorFormat })));

function pluginEnvelope(segs: readonly string[]): ErrorFormat | undefined {
  return OTHER_MOUNTS.find((m) => m.segs.every((s, i) => segs[i] === s))?.format;
}
