import type { RequestHandler } from 'express';

/** `GET /health` as InfluxDB 2.x answers it (clients' `ready`/`health` checks). */
export const healthHandler: RequestHandler = (_req, res) => {
  res.json({ name: 'influxdb', message: 'ready for queries and writes', status: 'pass', checks: [], version: 'v2.9.0-ferry', commit: 'ferry' });
};

/** `GET|HEAD /ping`: 204 with InfluxDB's version headers. */
export const pingHandler: RequestHandler = (_req, res) => {
  res.setHeader('X-Influxdb-Version', 'v2.9.0-ferry');
  res.setHeader('X-Influxdb-Build', 'OSS');
  res.status(204).end();
};
