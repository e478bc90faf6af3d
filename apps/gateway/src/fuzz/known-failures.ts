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
export const KNOWN_FAILURES: readonly KnownFailure[] = [];

/** Requests held back because they kill the test process: empty this list as the fixes land. */
export const KNOWN_CRASHES: readonly KnownCrash[] = [];

/** The known failure that covers `v` for `c`, if any. */
export function knownFailure(c: FuzzCase, v: Violation): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.kind === v.kind && (!k.family || k.family === c.op.family) && (!k.when || k.when(c, v)));
}

/** The known crash `c` would trigger, if any. */
export function knownCrash(c: FuzzCase): KnownCrash | undefined {
  return KNOWN_CRASHES.find((k) => k.when(c));
}
