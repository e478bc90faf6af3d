import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequest } from '../http/request-context';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  level?: string;
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

/** Field paths that may hold secrets; pino replaces their values before a line is written. */
export const REDACTED_PATHS = [
  'password',
  'token',
  'apiKey',
  'authorization',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.*.password',
  '*.*.token',
  '*.*.apiKey',
  'req.headers.authorization',
  'headers.authorization',
];

/** JSON logger that stamps the request id on every line written while a request is served. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'ferry' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const ctx = currentRequest();
        return ctx ? { reqId: ctx.requestId } : {};
      },
    },
    options.destination,
  );
}
