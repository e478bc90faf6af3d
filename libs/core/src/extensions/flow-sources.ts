import { createExtensionPoint } from './extension-point';
import type { FlowKind, FlowSummary } from '../flows/flow.schemas';

/**
 * What a plugin contributes to the flows board (`GET /_gateway/flows`): a summary of every flow of
 * one kind, read from the plugin's own services. `list` is called by the sampler every interval and on
 * every request to the board, so it should read memory or the store, not call remote clusters.
 */
export interface FlowSource {
  readonly kind: FlowKind;
  list(): Promise<FlowSummary[]>;
}

/** Extension point of the flows board; the gateway samples every contribution into its history ring. */
export const flowSources = createExtensionPoint<FlowSource>('ferry.flows.sources');
