import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@ferry/core';

/** A pino logger whose lines are kept in memory for the leak and crash checks. */
export interface CapturedLogger {
  logger: Logger;
  /** Lines written since the last `drain()`. */
  drain(): string[];
  /** How many lines were written in all. */
  readonly total: number;
}

/** Captures every line the gateway logs (debug and up) instead of writing it to stdout. */
export function captureLogger(): CapturedLogger {
  let lines: string[] = [];
  let total = 0;
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        lines.push(line);
        total++;
      }
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  return {
    logger,
    drain() {
      const out = lines;
      lines = [];
      return out;
    },
    get total() {
      return total;
    },
  };
}
