import type { InjectionToken } from 'tsyringe';
import type { IngestionService } from './engine/ingestion-service';

/** Tokens of the pull-ingestion plugin's container. */
export const INGESTION_TOKENS = {
  /** The engine owning every ingestion index and its pollers. */
  service: Symbol('ferry.ingestion.service') as InjectionToken<IngestionService>,
} as const;
