import type { Family } from './operations';
import type { Violation, ViolationKind } from './oracle';
import type { FuzzCase } from './request-arb';

/** A failure class the suite tolerates until the branch fixing it is merged; each names its bug. */
export interface KnownFailure {
  /** The bug, as issue 16 (or the suite's report) names it. */
  bug: string;
  family?: Family;
  kind: ViolationKind;
  /** Only when the request matches (default: every request of the family). */
  when?: (c: FuzzCase, v: Violation) => boolean;
}

/** A request the suite must not send yet because it takes the whole process down (no answer can be judged). */
export interface KnownCrash {
  bug: string;
  when: (c: FuzzCase) => boolean;
}

/** Tolerated failure classes: empty this list as the fixes land. */
export const KNOWN_FAILURES: readonly KnownFailure[] = [
  {
    bug: "issue 16 wrong envelopes: Express's HTML 'Cannot GET' for unknown /_gateway/* paths and methods, and for empty path segments under a mount",
    kind: 'express-html',
  },
  {
    bug: "fuzz: malformed HTTP (control characters in a header, Transfer-Encoding with Content-Length, an unknown method, a too-long URL) gets Node's bare 400/431 with no JSON envelope: the server has no 'clientError' handler",
    kind: 'http-parser',
  },
  {
    bug: 'fuzz: an undecodable /_gateway path (`/_gateway/%`) answers in the OpenSearch envelope instead of the gateway one (undecodableFormat knows plugin mounts only)',
    family: 'gateway',
    kind: 'envelope',
    when: (c, v) => v.detail.includes('invalid path'),
  },
  {
    bug: 'issue 16 viewer writes: the role check matches its read-only pattern against the URL text, query string included (`POST /<index>/_open?routing=/_search`)',
    kind: 'viewer-write',
  },
  {
    bug: 'issue 16 500s on bad input: JSON nested thousands of levels overflows recursive helpers (embedded cluster documents and mappings, hq-inspector settings, pull-ingestion and ccr-core settings)',
    kind: '5xx',
    when: (c) => c.mutations.includes('body:deep'),
  },
  {
    bug: 'issue 16 500s on bad input: a `_bulk` action line `null` answers 500 (ccr-core write guard: Object.keys(null)), also for any path with a `_bulk` segment (`POST /_bulk/_refresh` body `null`)',
    kind: '5xx',
    when: (c) => /\/_(bulk|msearch)(\/|\?|$)/.test(c.request.path) && /(^|\n)null(\n|$)/.test(c.request.body?.toString('utf8') ?? ''),
  },
  {
    bug: 'issue 16 500s on bad input: HEAD with ?pretty answers 500 (embedded cluster: pretty-printing JSON.parse of the empty HEAD body)',
    kind: '5xx',
    when: (c) => c.request.method === 'HEAD' && c.request.path.includes('pretty'),
  },
  {
    bug: 'fuzz: the ccr-core remote-settings interceptor answers 500 to PUT /_cluster/settings with a body of `null` (TypeError) and with a lone surrogate in cluster.remote.<alias>.seeds',
    family: 'passthrough',
    kind: '5xx',
    when: (c) => c.op.template === '/_cluster/settings' && c.request.method === 'PUT',
  },
  {
    bug: "issue 16 secrets: a token given as ?p= is echoed in a 400 message (/write?p=<token>, and core's 'invalid path: <url>' for an undecodable path)",
    kind: 'secret-answer',
    when: (c) => /[?&]p=/.test(c.request.path),
  },
];

/** Requests held back because they kill the test process: empty this list as the fixes land. */
export const KNOWN_CRASHES: readonly KnownCrash[] = [
  {
    bug: 'issue 16: number_of_shards without a limit aborts the process with a heap OOM (embedded-cluster limits)',
    when: (c) => /"number_of_shards":\s*"?(\d{5,}|[1-9]\d*e|-)/.test(c.request.body?.toString('utf8') ?? ''),
  },
  {
    bug: 'issue 16: an invalid refresh_interval at index creation makes the refresh timer throw and the process exit (embedded-cluster limits)',
    when: (c) => (c.request.body?.toString('utf8') ?? '').includes('refresh_interval'),
  },
  {
    // Not a crash either: the index is created, and every later document write to it answers 500.
    bug: 'fuzz: PUT /<index> accepts a mapping property that is not an object (`{"mappings":{"properties":{"tags":null}}}`); then `PUT /<index>/_doc/1 {"tags":["x"]}` answers 500 (embedded cluster: creation does not validate mappings)',
    when: (c) => c.op.family === 'passthrough' && /"properties":\{[^{]*?":(null|true|false|-?\d|"|\[)/.test(c.request.body?.toString('utf8') ?? ''),
  },
  {
    // Not a crash, but as bad for the rest of the run: every later request on the index answers 500.
    bug: 'issue 16: a deep mapping (or a deep document mapped dynamically) is stored and poisons the local cluster: _mapping, _cluster/state, HQ index views answer 500 until the index is deleted',
    when: (c) => c.mutations.includes('body:deep') && !['GET', 'HEAD'].includes(c.request.method) && (c.op.family === 'passthrough' || c.request.path.includes('/api/proxy/')),
  },
];

/** The known failure that covers `v` for `c`, if any. */
export function knownFailure(c: FuzzCase, v: Violation): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.kind === v.kind && (!k.family || k.family === c.op.family) && (!k.when || k.when(c, v)));
}

/** The known crash `c` would trigger, if any. */
export function knownCrash(c: FuzzCase): KnownCrash | undefined {
  return KNOWN_CRASHES.find((k) => k.when(c));
}
