import { Router } from 'express';
import { decodeBody } from '../shared/json';
import { firstQueryValue, pathId, queryString, requiredOrgId } from '../shared/params';
import { createRemoteSchema, updateRemoteSchema } from './remotes.schemas';
import type { RemoteService } from './remotes.service';

const BAD_ID = 'remote-connection ID is invalid';

/** `/api/v2/remotes`: list by orgID (name, remoteURL filters), create 201, get, patch, delete 204. */
export function createRemoteRouter(remotes: RemoteService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = (name: string) => firstQueryValue(req.query[name]);
    const orgID = requiredOrgId(q('orgID'));
    res.json({ remotes: await remotes.list({ orgID, name: queryString(q('name')), remoteURL: queryString(q('remoteURL')) }) });
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await remotes.create(decodeBody(createRemoteSchema, req.body)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await remotes.get(pathId(req.params.id, BAD_ID)));
  });
  router.patch('/:id', async (req, res) => {
    const id = pathId(req.params.id, BAD_ID);
    res.json(await remotes.update(id, decodeBody(updateRemoteSchema, req.body)));
  });
  router.delete('/:id', async (req, res) => {
    await remotes.delete(pathId(req.params.id, BAD_ID));
    res.status(204).end();
  });
  return router;
}
