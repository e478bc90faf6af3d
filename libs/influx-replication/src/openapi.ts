import type { OpenApiRegistry } from '@ferry/core';
import { z } from 'zod';
import { createBucketSchema, updateBucketSchema } from './buckets/buckets.schemas';
import { createOrgSchema } from './orgs/orgs.schemas';
import { createRemoteSchema, updateRemoteSchema } from './remotes/remotes.schemas';
import { createReplicationSchema, updateReplicationSchema } from './replications/replications.schemas';

const error = { description: 'InfluxDB error `{code, message}`', content: { 'application/json': { schema: z.object({ code: z.string(), message: z.string() }) } } };
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const id = (name: string) => z.object({ [name]: z.string().length(16) });

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Route {
  method: Method;
  path: string;
  summary: string;
  body?: z.ZodType;
  params?: string;
  query?: z.ZodObject;
  status: number;
}

const ROUTES: Route[] = [
  { method: 'get', path: '/api/v2/orgs', summary: 'List organizations', query: z.object({ org: z.string().optional(), orgID: z.string().optional() }), status: 200 },
  { method: 'post', path: '/api/v2/orgs', summary: 'Create an organization', body: createOrgSchema, status: 201 },
  { method: 'get', path: '/api/v2/buckets', summary: 'List buckets', query: z.object({ orgID: z.string().optional(), org: z.string().optional(), name: z.string().optional() }), status: 200 },
  { method: 'post', path: '/api/v2/buckets', summary: 'Create a bucket', body: createBucketSchema, status: 201 },
  { method: 'get', path: '/api/v2/buckets/{bucketID}', summary: 'Retrieve a bucket', params: 'bucketID', status: 200 },
  { method: 'patch', path: '/api/v2/buckets/{bucketID}', summary: 'Update a bucket (name, description, retention); writes then use the new name', params: 'bucketID', body: updateBucketSchema, status: 200 },
  { method: 'delete', path: '/api/v2/buckets/{bucketID}', summary: 'Delete a bucket and its replications', params: 'bucketID', status: 204 },
  { method: 'get', path: '/api/v2/remotes', summary: 'List remote connections', query: z.object({ orgID: z.string(), name: z.string().optional(), remoteURL: z.string().optional() }), status: 200 },
  { method: 'post', path: '/api/v2/remotes', summary: 'Register a remote connection', body: createRemoteSchema, status: 201 },
  { method: 'get', path: '/api/v2/remotes/{remoteID}', summary: 'Retrieve a remote connection', params: 'remoteID', status: 200 },
  { method: 'patch', path: '/api/v2/remotes/{remoteID}', summary: 'Update a remote connection', params: 'remoteID', body: updateRemoteSchema, status: 200 },
  { method: 'delete', path: '/api/v2/remotes/{remoteID}', summary: 'Delete a remote connection', params: 'remoteID', status: 204 },
  { method: 'get', path: '/api/v2/replications', summary: 'List replications', query: z.object({ orgID: z.string(), name: z.string().optional(), remoteID: z.string().optional(), localBucketID: z.string().optional() }), status: 200 },
  { method: 'post', path: '/api/v2/replications', summary: 'Register a replication (204 with validate=true)', body: createReplicationSchema, query: z.object({ validate: z.enum(['true', 'false']).optional() }), status: 201 },
  { method: 'get', path: '/api/v2/replications/{replicationID}', summary: 'Retrieve a replication', params: 'replicationID', status: 200 },
  { method: 'patch', path: '/api/v2/replications/{replicationID}', summary: 'Update a replication (204 with validate=true)', params: 'replicationID', body: updateReplicationSchema, status: 200 },
  { method: 'delete', path: '/api/v2/replications/{replicationID}', summary: 'Delete a replication and its queue', params: 'replicationID', status: 204 },
  { method: 'post', path: '/api/v2/replications/{replicationID}/validate', summary: 'Validate a replication with an empty write', params: 'replicationID', status: 204 },
];

/** Registers the plugin's routes on the gateway's OpenAPI document, from the same zod schemas the routes use. */
export function registerInfluxOpenApi(registry: OpenApiRegistry): void {
  for (const r of ROUTES) {
    registry.registerPath({
      method: r.method,
      path: r.path,
      summary: r.summary,
      tags: ['influx'],
      request: {
        ...(r.params ? { params: id(r.params) } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.body ? { body: json(r.body) } : {}),
      },
      responses: { [r.status]: r.status === 204 ? { description: 'No content' } : ok('Success'), default: error },
    });
  }
  const lp = { content: { 'text/plain': { schema: z.string() } } };
  registry.registerPath({
    method: 'post',
    path: '/api/v2/write',
    summary: 'Write line protocol (queued durably for every replication of the bucket before 204)',
    tags: ['influx'],
    request: { query: z.object({ org: z.string().optional(), orgID: z.string().optional(), bucket: z.string(), precision: z.enum(['ns', 'us', 'ms', 's']).optional() }), body: lp },
    responses: { 204: { description: 'Written' }, default: error },
  });
  registry.registerPath({
    method: 'post',
    path: '/write',
    summary: 'InfluxDB 1.x write (bucket `db` or `db/rp`)',
    tags: ['influx'],
    request: { query: z.object({ db: z.string(), rp: z.string().optional(), precision: z.string().optional() }), body: lp },
    responses: { 204: { description: 'Written' }, default: { description: '1.x error `{error}`' } },
  });
}
