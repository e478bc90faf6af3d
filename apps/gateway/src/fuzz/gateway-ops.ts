import type { Operation } from './operations';

const op = (method: string, template: string): Operation => ({ family: 'gateway', method, template, read: true, query: [], body: { kind: 'none' } });

/**
 * Paths next to the gateway's own routes (`/_gateway/*`), which the OpenAPI document does not list: the
 * routes themselves (health, info, metrics, openapi.json, whoami, flows) come from the document.
 */
export const GATEWAY_OPERATIONS: readonly Operation[] = [
  op('GET', '/_gateway/{name}'),
  { ...op('POST', '/_gateway/{name}'), read: false },
  { ...op('DELETE', '/_gateway/health'), read: false },
];
