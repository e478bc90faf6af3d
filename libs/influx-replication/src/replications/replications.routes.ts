import { Router } from 'express';
import { decodeBody } from '../shared/json';
import { pathId, queryId, queryString, requiredOrgId } from '../shared/params';
import { createReplicationSchema, updateReplicationSchema } from './replications.schemas';
import type { ReplicationService } from './replications.service';

const BAD_ID = 'replication ID is invalid';
const validateFlag = (v: unknown) => v === 'true';

/** `/api/v2/replications`: list, create (or validate), get, patch (or validate), delete, POST /{id}/validate. */
export function createReplicationRouter(replications: ReplicationService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const orgID = requiredOrgId(req.query.orgID);
    const filter = {
      orgID,
      name: queryString(req.query.name),
      remoteID: queryId(req.query.remoteID, 'invalid remote ID'),
      localBucketID: queryId(req.query.localBucketID, 'invalid local bucket ID'),
    };
    res.json({ replications: await replications.list(filter) });
  });
  router.post('/', async (req, res) => {
    const created = await replications.create(decodeBody(createReplicationSchema, req.body), { validate: validateFlag(req.query.validate) });
    if (created) res.status(201).json(created);
    else res.status(204).end();
  });
  router.get('/:id', async (req, res) => {
    res.json(await replications.get(pathId(req.params.id, BAD_ID)));
  });
  router.patch('/:id', async (req, res) => {
    const id = pathId(req.params.id, BAD_ID);
    const updated = await replications.update(id, decodeBody(updateReplicationSchema, req.body), { validate: validateFlag(req.query.validate) });
    if (updated) res.json(updated);
    else res.status(204).end();
  });
  router.delete('/:id', async (req, res) => {
    await replications.delete(pathId(req.params.id, BAD_ID));
    res.status(204).end();
  });
  router.post('/:id/validate', async (req, res) => {
    await replications.validate(pathId(req.params.id, BAD_ID));
    res.status(204).end();
  });
  return router;
}
