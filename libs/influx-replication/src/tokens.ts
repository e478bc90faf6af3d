import type { InjectionToken } from 'tsyringe';
import type { InfluxConfig } from './config';

/** Symbol tokens of the influx plugin's child container. */
export const INFLUX_TOKENS = {
  /** The validated `influx` config section. */
  config: Symbol('influx.config') as InjectionToken<InfluxConfig>,
} as const;
