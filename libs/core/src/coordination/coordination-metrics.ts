import { Counter, Gauge, type Registry } from 'prom-client';
import type { LossReason } from './coordinator';

/** The coordinator's Prometheus metrics (label `kind`: the work item's kind). */
export interface CoordinationMetrics {
  claims: Counter<'kind'>;
  losses: Counter<'kind' | 'reason'>;
  refusals: Counter<'kind'>;
  held: Gauge<'kind'>;
}

/** Registers the metrics in `registry` (or builds unregistered ones for tests without one). */
export function createCoordinationMetrics(registry?: Registry): CoordinationMetrics {
  const registers = registry ? [registry] : [];
  return {
    claims: new Counter({ name: 'ferry_coordination_claims_total', help: 'Leases this node claimed', labelNames: ['kind'], registers }),
    losses: new Counter({ name: 'ferry_coordination_leases_lost_total', help: 'Leases this node lost, by reason', labelNames: ['kind', 'reason'], registers }),
    refusals: new Counter({
      name: 'ferry_coordination_fencing_refusals_total',
      help: 'Store commits refused because their lease had moved on',
      labelNames: ['kind'],
      registers,
    }),
    held: new Gauge({ name: 'ferry_coordination_leases_held', help: 'Leases this node holds now', labelNames: ['kind'], registers }),
  };
}

/** Records a loss. */
export function countLoss(metrics: CoordinationMetrics, kind: string, reason: LossReason): void {
  metrics.losses.inc({ kind, reason });
}
