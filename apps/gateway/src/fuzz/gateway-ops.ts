import type { Operation } from './operations';

const op = (method: string, template: string): Operation => ({ family: 'gateway', method, template, read: true, query: [], body: { kind: 'none' } });

/** `/_gateway/*`: the gateway's own routes (not in its OpenAPI document) and paths next to them. */
export const GATEWAY_OPERATIONS: readonly Operation[] = [
  op('GET', '/_gateway/health'),
  op('GET', '/_gateway/info'),
  op('GET', '/_gateway/metrics'),
  op('GET', '/_gateway/openapi.json'),
  op('GET', '/_gateway/{name}'),
  { ...op('POST', '/_gateway/{name}'), read: false },
  { ...op('DELETE', '/_gateway/health'), read: false },
];
