import type { Request, RequestHandler, Response } from 'express';
import { toAppError, toHeaderValue } from '@ferry/core';
import { invalid } from '../shared/errors';
import { queryString } from '../shared/params';
import { isPrecision } from './line-protocol';
import { readWriteBody } from './read-body';
import type { WriteService } from './write.service';

const V2_PRECISIONS = ['ns', 'us', 'ms', 's'];

/** `POST /api/v2/write`. Errors use the `{code, message}` envelope of the plugin. */
export function v2WriteHandler(writes: WriteService, maxBytes: number): RequestHandler {
  return async (req, res) => {
    const q = req.query;
    const precision = queryString(q.precision) ?? 'ns';
    if (!V2_PRECISIONS.includes(precision)) throw invalid('invalid precision; valid precision units are ns, us, ms, and s');
    const bucket = await writes.bucketV2({ org: queryString(q.org), orgID: queryString(q.orgID), bucket: queryString(q.bucket) });
    const body = await readWriteBody(req, maxBytes);
    await writes.write(bucket, body, precision);
    res.status(204).end();
  };
}

function sendV1Error(res: Response, err: unknown): void {
  const e = toAppError(err);
  for (const [k, v] of Object.entries(e.headers ?? {})) res.setHeader(k, v);
  // The message may quote the database or a line: bytes a header cannot hold are percent-encoded.
  res.setHeader('X-Influxdb-Error', e.status >= 500 && e.message === 'internal server error' ? 'internal error' : toHeaderValue(e.message.slice(0, 1024)));
  res.status(e.status).json({ error: e.message });
}

/** `POST /write?db=&rp=&precision=` (InfluxDB 1.x). Errors use 1.x's `{"error": ".."}`. */
export function v1WriteHandler(writes: WriteService, maxBytes: number): RequestHandler {
  return async (req: Request, res: Response) => {
    res.setHeader('X-Influxdb-Version', '1.8-ferry');
    res.setHeader('X-Influxdb-Build', 'OSS');
    try {
      const precision = queryString(req.query.precision) ?? 'ns';
      if (!isPrecision(precision)) {
        throw invalid(`invalid precision "${precision}" (use n, ns, u, ms, s, m or h)`);
      }
      const q = (name: string) => queryString(req.query[name]);
      const bucket = await writes.bucketV1({ db: q('db'), rp: q('rp'), org: q('org'), orgID: q('orgID') });
      const body = await readWriteBody(req, maxBytes);
      await writes.write(bucket, body, precision);
      res.status(204).end();
    } catch (err) {
      sendV1Error(res, err);
    }
  };
}
