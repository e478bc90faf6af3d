import { Router, type Request } from 'express';
import { ValidationError, withInput } from '@ferry/core';
import type { AutofollowService } from '../autofollow/autofollow.service';
import {
  autofollowBodySchema,
  ferryQuerySchema,
  indexParamsSchema,
  pauseBodySchema,
  resumeBodySchema,
  startBodySchema,
  startQuerySchema,
  statusQuerySchema,
  updateBodySchema,
} from './replication.schemas';
import type { ReplicationService } from './replication.service';
import type { StatusView } from './status';

/** What the routes call. */
export interface ReplicationRoutesDeps {
  service: ReplicationService;
  autofollow: AutofollowService;
  followerStats(): Promise<unknown>;
  leaderStats(): Promise<unknown>;
}

const ACK = { acknowledged: true };

/** `_start`, `_stop` and `_resume` read their body like the plugin's `contentOrSourceParamParser`: it is required. */
function requireBody(req: Request): void {
  if (req.body === undefined || req.body === null || (typeof req.body === 'object' && Object.keys(req.body).length === 0 && !req.headers['content-length'] && !req.headers['transfer-encoding'])) {
    throw new ValidationError('request body or source parameter is required', { type: 'parse_exception' });
  }
}

function flag(v: string | undefined): boolean {
  return v === 'true' || v === '';
}

function view(query: { verbose?: string; ferry?: string }): StatusView {
  return { verbose: flag(query.verbose), ferry: flag(query.ferry) };
}

/** The plugin's REST API under `/_plugins/_replication`; handlers only parse, call and respond. */
export function createReplicationRouter(deps: ReplicationRoutesDeps): Router {
  const r = Router({ mergeParams: true });
  const { service, autofollow } = deps;

  r.get('/leader_stats', async (_req, res) => void res.json(await deps.leaderStats()));
  r.get('/follower_stats', async (_req, res) => void res.json(await deps.followerStats()));
  r.get('/autofollow_stats', withInput({ query: ferryQuerySchema }, async ({ query }, _req, res) => void res.json(await autofollow.statsReport(flag(query.ferry)))));
  r.get('/_status', withInput({ query: statusQuerySchema }, async ({ query }, _req, res) => void res.json(await service.statusAll(view(query)))));

  r.get('/_autofollow', async (_req, res) => void res.json(await autofollow.list()));
  r.post('/_autofollow', withInput({ body: autofollowBodySchema }, async ({ body }, _req, res) => {
    await autofollow.create(body);
    res.json(ACK);
  }));
  r.delete('/_autofollow', withInput({ body: autofollowBodySchema }, async ({ body }, _req, res) => {
    await autofollow.remove(body);
    res.json(ACK);
  }));

  r.put('/:index/_start', (req, _res, next) => (requireBody(req), next()), withInput({ params: indexParamsSchema, query: startQuerySchema, body: startBodySchema }, async ({ params, query, body }, _req, res) => {
    await service.start({
      followerIndex: params.index,
      leaderAlias: body.leader_alias,
      leaderIndex: body.leader_index,
      useRoles: body.use_roles,
      settings: body.settings,
      waitForRestore: flag(query.wait_for_restore),
    });
    res.json(ACK);
  }));
  r.post('/:index/_stop', (req, _res, next) => (requireBody(req), next()), withInput({ params: indexParamsSchema }, async ({ params }, _req, res) => {
    await service.stop(params.index);
    res.json(ACK);
  }));
  r.post('/:index/_pause', withInput({ params: indexParamsSchema, body: pauseBodySchema }, async ({ params, body }, _req, res) => {
    await service.pause(params.index, body?.reason);
    res.json(ACK);
  }));
  r.post('/:index/_resume', (req, _res, next) => (requireBody(req), next()), withInput({ params: indexParamsSchema, body: resumeBodySchema }, async ({ params, body }, _req, res) => {
    await service.resume(params.index, body?.force_resume === true);
    res.json(ACK);
  }));
  r.put('/:index/_update', withInput({ params: indexParamsSchema, body: updateBodySchema }, async ({ params, body }, _req, res) => {
    await service.update(params.index, body.settings ?? {});
    res.json(ACK);
  }));
  r.get('/:index/_status', withInput({ params: indexParamsSchema, query: statusQuerySchema }, async ({ params, query }, _req, res) => {
    res.json(await service.status(params.index, view(query)));
  }));
  return r;
}
