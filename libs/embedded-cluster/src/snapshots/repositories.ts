import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { illegalArgument } from '../http/errors';
import { wildcardRegex } from '../indices/index-names';
import type { ClusterNode } from '../node/cluster-node';
import { dataDirOf } from '../nodes/node-identity';
import { repositoryError, repositoryMissing } from './snapshot-errors';

/** A registered snapshot repository as `GET _snapshot` shows it. */
export interface Repository {
  name: string;
  type: 'fs';
  settings: Record<string, string>;
}

/** Where relative `location`s live: OpenSearch resolves them against `path.repo`, here `<dataDir>/repo`. */
export function repoRoot(node: ClusterNode): string {
  return join(dataDirOf(node), 'repo');
}

/** The folder a repository writes to. */
export function locationOf(node: ClusterNode, repo: Repository): string {
  const loc = repo.settings.location;
  return isAbsolute(loc) ? loc : resolve(repoRoot(node), loc);
}

/** Repository registrations, kept in the node's `repositories` table so they survive restarts. */
export class RepositoryStore {
  constructor(private readonly node: ClusterNode) {}

  all(): Repository[] {
    const rows = this.node.db.prepare('SELECT name, type, settings FROM repositories ORDER BY name').all() as { name: string; type: 'fs'; settings: string }[];
    return rows.map((r) => ({ name: r.name, type: r.type, settings: JSON.parse(r.settings) }));
  }

  require(name: string): Repository {
    const repo = this.all().find((r) => r.name === name);
    if (!repo) throw repositoryMissing(name);
    return repo;
  }

  /** Repositories matching `_all`, names and `*` patterns; a missing exact name is a 404. */
  select(expr?: string): Repository[] {
    const all = this.all();
    if (!expr || expr === '_all' || expr === '*') return all;
    const out: Repository[] = [];
    for (const part of expr.split(',')) {
      const hits = part.includes('*') ? all.filter((r) => wildcardRegex(part).test(r.name)) : [this.require(part)];
      for (const h of hits) if (!out.includes(h)) out.push(h);
    }
    return out;
  }

  /** Registers (or replaces) an `fs` repository after checking its folder is writable. */
  put(name: string, body: Record<string, unknown>, verify: boolean): void {
    if (!name || name.startsWith('_') || name !== name.toLowerCase() || /[\s,"*\\<|>/?#]/.test(name)) {
      throw illegalArgument(`Invalid repository name [${name}], must be lowercase, must not start with '_' and must not contain whitespace, ',', '#' or any of [\\, /, *, ?, ", <, >, |]`);
    }
    const type = body.type;
    if (type === undefined) throw repositoryError(name, 'repository type is missing');
    if (type !== 'fs') throw repositoryError(name, `repository type [${String(type)}] does not exist`);
    const raw = (body.settings ?? {}) as Record<string, unknown>;
    const settings = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
    if (!settings.location) throw repositoryError(name, 'missing location');
    const repo: Repository = { name, type: 'fs', settings };
    if (verify) this.verify(repo);
    this.node.db.prepare('INSERT OR REPLACE INTO repositories (name, type, settings) VALUES (?, ?, ?)').run(name, 'fs', JSON.stringify(settings));
  }

  delete(expr: string): void {
    for (const repo of this.select(expr)) this.node.db.prepare('DELETE FROM repositories WHERE name = ?').run(repo.name);
  }

  /** Writes and removes a probe file, as OpenSearch's repository verification does. */
  verify(repo: Repository): void {
    const dir = locationOf(this.node, repo);
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      const probe = join(dir, `tests-${randomBytes(6).toString('hex')}`);
      writeFileSync(probe, 'ok');
      rmSync(probe);
    } catch (err) {
      throw repositoryError(repo.name, `cannot write to location [${dir}]: ${(err as Error).message}`);
    }
  }
}
