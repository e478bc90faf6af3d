import type { Request } from 'express';
import { createGunzip } from 'node:zlib';
import { influxError, invalid } from '../shared/errors';

const tooLarge = () => influxError(413, 'request too large', 'unable to read data: points batch is too large');

/**
 * Reads a write body, gunzipping `Content-Encoding: gzip`, and refuses more than `limit` decoded
 * bytes with 413 as InfluxDB does (checked on Content-Length first, then while reading).
 */
export async function readWriteBody(req: Request, limit: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const gzipped = encoding === 'gzip' || encoding === 'x-gzip';
  if (!gzipped && encoding !== 'identity' && encoding !== '') throw invalid(`unable to read data: unsupported Content-Encoding "${encoding}"`);
  const declared = Number(req.headers['content-length']);
  if (!gzipped && Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const source = gzipped ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) {
        req.unpipe();
        req.resume();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if ((err as { status?: number }).status === 413) throw err;
    throw invalid(`unable to read data: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks, total);
}
