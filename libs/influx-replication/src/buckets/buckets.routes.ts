import { Router } from 'express';
import type { OrgService } from '../orgs/orgs.service';
import { notFound } from '../shared/errors';
import { decodeBody } from '../shared/json';
import { firstQueryValue, pathId, queryId, queryString } from '../shared/params';
import { createBucketSchema, updateBucketSchema } from './buckets.schemas';
import type { BucketService } from './buckets.service';

/** `/api/v2/buckets`: list (`orgID`, `org`, `name`, `id` filters), create, get, patch, delete. */
export function createBucketRouter(options: { buckets: BucketService; orgs: OrgService }): Router {
  const { buckets, orgs } = options;
  const router = Router();
  router.get('/', async (req, res) => {
    const q = (name: string) => firstQueryValue(req.query[name]);
    let orgID = queryId(q('orgID'), 'invalid org ID');
    const orgName = queryString(q('org'));
    if (!orgID && orgName) {
      const org = await orgs.findByName(orgName);
      if (!org) throw notFound(`organization name "${orgName}" not found`);
      orgID = org.id;
    }
    const list = await buckets.list({ orgID, name: queryString(q('name')), id: queryId(q('id'), 'invalid bucket ID') });
    res.json({ links: { self: '/api/v2/buckets' }, buckets: list });
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await buckets.create(decodeBody(createBucketSchema, req.body)));
  });
  router.get('/:id', async (req, res) => {
    res.json(await buckets.get(pathId(req.params.id)));
  });
  router.patch('/:id', async (req, res) => {
    const id = pathId(req.params.id);
    res.json(await buckets.update(id, decodeBody(updateBucketSchema, req.body)));
  });
  router.delete('/:id', async (req, res) => {
    await buckets.delete(pathId(req.params.id));
    res.status(204).end();
  });
  return router;
}
