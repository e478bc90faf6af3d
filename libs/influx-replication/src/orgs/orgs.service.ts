import type { Store } from '@ferry/core';
import { influxError, notFound } from '../shared/errors';
import { newId } from '../shared/ids';
import type { CreateOrgInput, Org } from './orgs.schemas';

interface OrgRow {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

function toOrg(r: OrgRow): Org {
  const self = `/api/v2/orgs/${r.id}`;
  return {
    id: r.id,
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    status: 'active',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    links: { self, buckets: `/api/v2/buckets?org=${encodeURIComponent(r.name)}`, members: `${self}/members`, owners: `${self}/owners` },
  };
}

/** Organizations: the minimum real clients need (list, create, get, delete). */
export class OrgService {
  constructor(private readonly options: { store: Store }) {}

  async list(filter: { name?: string; id?: string } = {}): Promise<Org[]> {
    const rows = await this.options.store.all<OrgRow>(
      'SELECT * FROM influx_orgs WHERE (CAST(? AS TEXT) IS NULL OR name = ?) AND (CAST(? AS TEXT) IS NULL OR id = ?) ORDER BY created_at, id',
      [filter.name ?? null, filter.name ?? null, filter.id ?? null, filter.id ?? null],
    );
    return rows.map(toOrg);
  }

  async find(id: string): Promise<Org | undefined> {
    const row = await this.options.store.get<OrgRow>('SELECT * FROM influx_orgs WHERE id = ?', [id]);
    return row && toOrg(row);
  }

  async get(id: string): Promise<Org> {
    const org = await this.find(id);
    if (!org) throw notFound('organization not found');
    return org;
  }

  async findByName(name: string): Promise<Org | undefined> {
    const row = await this.options.store.get<OrgRow>('SELECT * FROM influx_orgs WHERE name = ?', [name]);
    return row && toOrg(row);
  }

  async create(input: CreateOrgInput): Promise<Org> {
    if (await this.findByName(input.name)) throw influxError(422, 'conflict', `organization with name ${input.name} already exists`);
    const now = new Date().toISOString();
    const id = newId();
    await this.options.store.run('INSERT INTO influx_orgs (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
      id,
      input.name,
      input.description ?? null,
      now,
      now,
    ]);
    return this.get(id);
  }

  /**
   * Deleting an org deletes its buckets; its remotes and replications must be deleted first. Replications are
   * checked too because one may use a remote of another org: the SQL cascade would drop its row while its
   * sender and queue, which only the replication service stops, kept running.
   */
  async delete(id: string): Promise<void> {
    await this.get(id);
    const count = async (sql: string, params: unknown[]) => (await this.options.store.get<{ n: number }>(sql, params))?.n ?? 0;
    if ((await count('SELECT COUNT(*) AS n FROM influx_remotes WHERE org_id = ?', [id])) > 0) {
      throw influxError(409, 'conflict', 'organization cannot be deleted while it has remotes; delete them first');
    }
    const replications = await count(
      'SELECT COUNT(*) AS n FROM influx_replications WHERE org_id = ? OR local_bucket_id IN (SELECT id FROM influx_buckets WHERE org_id = ?)',
      [id, id],
    );
    if (replications > 0) throw influxError(409, 'conflict', 'organization cannot be deleted while it has replications; delete them first');
    await this.options.store.run('DELETE FROM influx_orgs WHERE id = ?', [id]);
  }
}
