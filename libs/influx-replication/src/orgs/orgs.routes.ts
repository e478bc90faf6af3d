import { Router } from 'express';
import { decodeBody } from '../shared/json';
import { pathId, queryId, queryString } from '../shared/params';
import { createOrgSchema } from './orgs.schemas';
import type { OrgService } from './orgs.service';

/** `/api/v2/orgs`: list (`org`, `orgID` filters), create, get, delete. */
export function createOrgRouter(orgs: OrgService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const id = queryId(req.query.orgID, 'invalid org ID');
    const name = queryString(req.query.org);
    res.json({ links: { self: '/api/v2/orgs' }, orgs: await orgs.list({ name, id }) });
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await orgs.create(decodeBody(createOrgSchema, req.body)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await orgs.get(pathId(req.params.id)));
  });
  router.delete('/:id', async (req, res) => {
    await orgs.delete(pathId(req.params.id));
    res.status(204).end();
  });
  return router;
}
