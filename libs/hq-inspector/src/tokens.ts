import type { InjectionToken } from 'tsyringe';
import type { ClusterCaller } from './cluster-access/cluster-caller';
import type { HqSettingsStore } from './hq-settings/hq-settings.store';

/** Services of the hq plugin, registered in its child container. */
export const HQ_TOKENS = {
  /** Talks to clusters through the registry. */
  caller: Symbol('hq.caller') as InjectionToken<ClusterCaller>,
  /** HQ's per-cluster settings, kept in Ferry's store instead of the monitored cluster. */
  settings: Symbol('hq.settings') as InjectionToken<HqSettingsStore>,
} as const;
