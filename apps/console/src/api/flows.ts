/** The shapes of `GET /_gateway/flows` and what the board makes of them. */

export const FLOW_KINDS = ['ccr-follower', 'ccr-autofollow', 'influx-replication', 'ingestion-shard'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** Worst first: the order the board sorts by when severities tie. */
export const FLOW_STATES = ['failed', 'paused', 'stopped', 'lagging', 'bootstrapping', 'ok'] as const;
export type FlowState = (typeof FLOW_STATES)[number];

export interface FlowLag {
  operations: number | null;
  seconds: number | null;
  bytes: number | null;
}

/** One replication or ingestion flow as every plugin reports it. */
export interface Flow {
  id: string;
  kind: FlowKind;
  name: string;
  state: FlowState;
  /** The plugin's own status word (`SYNCING`, `PAUSED`, `POLLING`, ...). */
  status: string;
  severity: number;
  reason: string | null;
  error: string | null;
  lag: FlowLag;
  details: Record<string, unknown>;
  /** `[epoch_ms, lag]` samples, oldest first. */
  history?: [number, number | null][];
}

export interface FlowsAnswer {
  sampled_at: string | number;
  interval_ms: number;
  window_ms: number;
  flows: Flow[];
}

export const KIND_LABELS: Record<FlowKind, string> = {
  'ccr-follower': 'CCR follower',
  'ccr-autofollow': 'Auto-follow rule',
  'influx-replication': 'Influx replication',
  'ingestion-shard': 'Ingestion shard',
};

export interface FlowFilter {
  kind: FlowKind | '';
  state: FlowState | '';
  q: string;
}

const stateRank = (s: FlowState) => {
  const i = FLOW_STATES.indexOf(s);
  return i < 0 ? FLOW_STATES.length : i;
};

/** Worst first: severity, then state, then name, so rows keep their place between refreshes. */
export function sortFlows(flows: readonly Flow[]): Flow[] {
  return [...flows].sort((a, b) => b.severity - a.severity || stateRank(a.state) - stateRank(b.state) || compareText(a.name, b.name) || compareText(a.id, b.id));
}

/** Every word of `q` must appear in the name, status, reason, error or a detail value. */
export function matchesText(flow: Flow, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [flow.name, flow.status, flow.reason ?? '', flow.error ?? '', flow.kind, ...Object.values(flow.details).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))]
    .join(' ')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

export function filterFlows(flows: readonly Flow[], f: FlowFilter): Flow[] {
  return flows.filter((x) => (!f.kind || x.kind === f.kind) && (!f.state || x.state === f.state) && matchesText(x, f.q));
}

/** Counts by state, for the board's summary line. */
export function countByState(flows: readonly Flow[]): Record<FlowState, number> {
  const out = Object.fromEntries(FLOW_STATES.map((s) => [s, 0])) as Record<FlowState, number>;
  for (const f of flows) if (f.state in out) out[f.state]++;
  return out;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${UNITS[u]}`;
}

// One formatter and one collator for every cell: `toLocaleString`/`localeCompare` with options build a new
// Intl object per call, which made 1,000 rows take seconds.
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const NAMES = new Intl.Collator('en', { numeric: true });
export const compareText = NAMES.compare;

export function formatNumber(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return n === null || n === undefined ? '–' : String(n);
  return NUMBER.format(n);
}

export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.round(s * 10) / 10} s`;
  if (s < 3600) return `${Math.floor(s / 60)} m ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
}

/** The one lag figure a row shows first: operations, else bytes, else seconds. */
export function lagSummary(lag: FlowLag): string {
  const parts: string[] = [];
  if (lag.operations !== null) parts.push(`${formatNumber(lag.operations)} ops`);
  if (lag.bytes !== null) parts.push(formatBytes(lag.bytes));
  if (lag.seconds !== null) parts.push(formatSeconds(lag.seconds));
  return parts.length ? parts.join(' · ') : '–';
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The kind-specific facts a row lists, as label/value pairs. */
export function detailPairs(flow: Flow): [string, string][] {
  const d = flow.details;
  switch (flow.kind) {
    case 'ccr-follower':
      return [
        ['leader', `${str(d.leader_alias)}:${str(d.leader_index)}`],
        ['checkpoints', `${formatNumber(d.leader_checkpoint)} / ${formatNumber(d.follower_checkpoint)}`],
      ];
    case 'ccr-autofollow':
      return [
        ['leader', str(d.leader_alias)],
        ['pattern', str(d.pattern)],
        ['started / failed', `${formatNumber(d.started)} / ${formatNumber(d.failed)}`],
        ['failed indices', Array.isArray(d.failed_indices) && d.failed_indices.length ? d.failed_indices.join(', ') : '–'],
      ];
    case 'influx-replication':
      return [
        ['remote', str(d.remote_name ?? d.remote_id)],
        ['buckets', `${str(d.local_bucket_id)} → ${str(d.remote_bucket_name ?? d.remote_bucket_id)}`],
        ['queue', formatBytes(d.current_queue_size_bytes as number)],
        ['to sync', formatBytes(d.remaining_bytes_to_be_synced as number)],
        ['response', `${str(d.latest_response_code)}${d.latest_error_message ? ` ${str(d.latest_error_message)}` : ''}`],
        ['points/s', formatNumber(d.points_per_second)],
      ];
    case 'ingestion-shard':
      return [
        ['index', `${str(d.index)}[${str(d.shard)}]`],
        ['poller', `${str(d.poller_state)}${d.paused ? ' (paused)' : ''}`],
        ['pointer', str(d.pointer)],
        ['lag', formatNumber(d.lag)],
        ['dead-lettered / failed', `${formatNumber(d.dead_lettered)} / ${formatNumber(d.failed)}`],
      ];
    default:
      return Object.entries(d).map(([k, v]) => [k, str(v)]);
  }
}

/** The lag of a flow's last hour as an SVG polyline `points` list in a `width`×`height` box; '' without two samples. */
export function sparklinePoints(history: readonly [number, number | null][] | undefined, width: number, height: number): string {
  const samples = (history ?? []).filter((s): s is [number, number] => typeof s[1] === 'number' && Number.isFinite(s[1]));
  if (samples.length < 2) return '';
  const t0 = samples[0][0];
  const span = samples[samples.length - 1][0] - t0 || 1;
  const max = Math.max(...samples.map((s) => s[1])) || 1;
  const y = (v: number) => (height - 1 - (v / max) * (height - 2)).toFixed(1);
  return samples.map(([t, v]) => `${(((t - t0) / span) * width).toFixed(1)},${y(v)}`).join(' ');
}
