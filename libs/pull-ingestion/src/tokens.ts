import type { InjectionToken } from 'tsyringe';
import type { IngestionService } from './engine/ingestion-service';
import type { SecretSealer } from './secrets/secret-sealer';

/** Tokens of the pull-ingestion plugin's container. */
export const INGESTION_TOKENS = {
  /** The engine owning every ingestion index and its pollers. */
  service: Symbol('ferry.ingestion.service') as InjectionToken<IngestionService>,
  /** Optional: seals secret source params in the store (core's secret box, TOKENS.secrets, when not registered). */
  sealer: Symbol('ferry.ingestion.sealer') as InjectionToken<SecretSealer>,
} as const;
