import { AppError } from '@ferry/core';

/** An error rendered exactly as InfluxDB does: `{code, message}` with this status. */
export function influxError(status: number, code: string, message: string, headers?: Record<string, string>): AppError {
  return new AppError(status, message, { influxCode: code, headers });
}

/** 400 `invalid`. */
export const invalid = (message: string) => influxError(400, 'invalid', message);
/** 404 `not found`. */
export const notFound = (message: string) => influxError(404, 'not found', message);
/** 409 `conflict` (InfluxDB answers 500 here; see README). */
export const conflict = (message: string) => influxError(409, 'conflict', message);
/** 422 `unprocessable entity`. */
export const unprocessable = (message: string) => influxError(422, 'unprocessable entity', message);
