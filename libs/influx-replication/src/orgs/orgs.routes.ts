import { Router } from 'express';
import { decodeBody } from '../shared/json';
import { pathId } from '../shared/params';
import { createOrgSchema } from './orgs.schemas';
import type { OrgService } from './orgs.service';

/** `/api/v2/orgs`: list (`org`, `orgID` filters), create, get, delete. */
export function createOrgRouter(orgs: OrgService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    res.json({ links: { self: '/api/v2/orgs' }, orgs: await orgs.list({ name: q.org, id: q.orgID }) });
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
