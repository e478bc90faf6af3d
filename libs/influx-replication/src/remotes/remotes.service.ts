import { isSealed, purgeFreedPages, secretContext, type KeyedLock, type Logger, type SecretBox, type Store } from '@ferry/core';
import type { OrgService } from '../orgs/orgs.service';
import { conflict, notFound, unprocessable } from '../shared/errors';
import { newId } from '../shared/ids';
import { lockKeys } from '../shared/lock-keys';
import { checkRemoteToken, checkRemoteUrl } from './remote-checks';
import type { CreateRemoteInput, Remote, RemoteTarget, RemoteType, UpdateRemoteInput } from './remotes.schemas';

interface RemoteRow {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  remote_url: string;
  remote_api_token: string;
  remote_org_id: string | null;
  allow_insecure_tls: number;
  remote_type: RemoteType;
}

function toRemote(r: RemoteRow): Remote {
  return {
    id: r.id,
    orgID: r.org_id,
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    remoteURL: r.remote_url,
    remoteOrgID: r.remote_org_id,
    allowInsecureTLS: r.allow_insecure_tls === 1,
    remoteType: r.remote_type,
  };
}

/** Options of {@link RemoteService}. */
export interface RemoteServiceOptions {
  store: Store;
  orgs: OrgService;
  secrets: SecretBox;
  onChange?: (id: string) => void;
  /** Shared with the replications: a remote's update and delete hold `remote:<id>`. */
  lock: KeyedLock;
}

/** Where a remote's token is stored; its context when sealed. */
const tokenContext = (id: string) => secretContext('influx_remotes', 'remote_api_token', id);

/** Remote connections (`/api/v2/remotes`). Tokens are stored sealed, opened only to call the remote, never returned. */
export class RemoteService {
  constructor(private readonly options: RemoteServiceOptions) {}

  private openToken(r: RemoteRow): string {
    return this.options.secrets.open(r.remote_api_token, tokenContext(r.id));
  }

  /** Seals the tokens stored in plaintext before secrets were sealed (idempotent); then purges the freed plaintext. */
  async sealPlaintext(logger?: Logger): Promise<number> {
    const { store, secrets } = this.options;
    const rows = await store.all<{ id: string; remote_api_token: string }>('SELECT id, remote_api_token FROM influx_remotes ORDER BY id');
    const plain = rows.filter((r) => !isSealed(r.remote_api_token));
    if (plain.length === 0) return 0;
    await store.transaction(async (tx) => {
      for (const r of plain) {
        await tx.run('UPDATE influx_remotes SET remote_api_token = ? WHERE id = ?', [secrets.seal(r.remote_api_token, tokenContext(r.id)), r.id]);
      }
    });
    await purgeFreedPages(store);
    logger?.info({ remotes: plain.map((r) => r.id) }, 'sealed remote tokens stored in plaintext');
    return plain.length;
  }

  private row(id: string): Promise<RemoteRow | undefined> {
    return this.options.store.get<RemoteRow>('SELECT * FROM influx_remotes WHERE id = ?', [id]);
  }

  async list(filter: { orgID: string; name?: string; remoteURL?: string }): Promise<Remote[]> {
    const rows = await this.options.store.all<RemoteRow>(
      `SELECT * FROM influx_remotes WHERE org_id = ? AND (CAST(? AS TEXT) IS NULL OR name = ?) AND (CAST(? AS TEXT) IS NULL OR remote_url = ?) ORDER BY created_at, id`,
      [filter.orgID, filter.name ?? null, filter.name ?? null, filter.remoteURL ?? null, filter.remoteURL ?? null],
    );
    return rows.map(toRemote);
  }

  async get(id: string): Promise<Remote> {
    const row = await this.row(id);
    if (!row) throw notFound('remote connection not found');
    return toRemote(row);
  }

  /** The full connection config, token included, for the sender and validation. */
  async target(id: string): Promise<RemoteTarget | undefined> {
    const r = await this.row(id);
    if (!r) return undefined;
    return {
      id: r.id,
      remoteURL: r.remote_url,
      remoteAPIToken: this.openToken(r),
      remoteOrgID: r.remote_org_id,
      allowInsecureTLS: r.allow_insecure_tls === 1,
      remoteType: r.remote_type,
    };
  }

  private async assertNameFree(orgID: string, name: string, except?: string): Promise<void> {
    const other = await this.options.store.get<{ id: string }>('SELECT id FROM influx_remotes WHERE org_id = ? AND name = ?', [orgID, name]);
    if (other && other.id !== except) throw conflict(`remote connection with name "${name}" already exists in organization ${orgID}`);
  }

  /** A 1.x remote addresses databases by name, so no replication of it may hold only a remote bucket ID. */
  private async assertNamesForV1(id: string): Promise<void> {
    const byId = await this.options.store.all<{ name: string }>(
      "SELECT name FROM influx_replications WHERE remote_id = ? AND remote_bucket_name = '' ORDER BY name",
      [id],
    );
    if (byId.length === 0) return;
    throw unprocessable(
      `replications ${byId.map((r) => `"${r.name}"`).join(', ')} address the remote bucket by ID, which a 1.x remote (remoteType "v1") ` +
        'does not know: give them remoteBucketName ("database" or "database/retention-policy") first',
    );
  }

  async create(input: CreateRemoteInput): Promise<Remote> {
    await this.options.orgs.get(input.orgID);
    checkRemoteUrl(input.remoteURL);
    checkRemoteToken(input.remoteType, input.remoteAPIToken);
    await this.assertNameFree(input.orgID, input.name);
    const id = newId();
    const now = new Date().toISOString();
    await this.options.store.run(
      `INSERT INTO influx_remotes (id, org_id, name, description, remote_url, remote_api_token, remote_org_id, allow_insecure_tls,
       remote_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, input.orgID, input.name, input.description ?? null, input.remoteURL, this.options.secrets.seal(input.remoteAPIToken, tokenContext(id)), input.remoteOrgID ?? null,
        input.allowInsecureTLS, input.remoteType, now, now],
    );
    return this.get(id);
  }

  async update(id: string, input: UpdateRemoteInput): Promise<Remote> {
    return this.options.lock.run(lockKeys.remote(id), () => this.updateLocked(id, input));
  }

  private async updateLocked(id: string, input: UpdateRemoteInput): Promise<Remote> {
    const current = await this.row(id);
    if (!current) throw notFound('remote connection not found');
    if (input.remoteURL !== undefined) checkRemoteUrl(input.remoteURL);
    checkRemoteToken(input.remoteType ?? current.remote_type, input.remoteAPIToken ?? this.openToken(current));
    if (input.name !== undefined) await this.assertNameFree(current.org_id, input.name, id);
    if (input.remoteType === 'v1' && current.remote_type !== 'v1') await this.assertNamesForV1(id);
    await this.options.store.run(
      `UPDATE influx_remotes SET name = ?, description = ?, remote_url = ?, remote_api_token = ?, remote_org_id = ?,
       allow_insecure_tls = ?, remote_type = ?, updated_at = ? WHERE id = ?`,
      [
        input.name ?? current.name,
        input.description ?? current.description,
        input.remoteURL ?? current.remote_url,
        input.remoteAPIToken === undefined ? current.remote_api_token : this.options.secrets.seal(input.remoteAPIToken, tokenContext(id)),
        input.remoteOrgID === undefined ? current.remote_org_id : input.remoteOrgID,
        input.allowInsecureTLS ?? current.allow_insecure_tls === 1,
        input.remoteType ?? current.remote_type,
        new Date().toISOString(),
        id,
      ],
    );
    this.options.onChange?.(id);
    return this.get(id);
  }

  /** 409 while a replication uses it (InfluxDB answers 500 here). */
  async delete(id: string): Promise<void> {
    await this.options.lock.run(lockKeys.remote(id), () => this.deleteLocked(id));
  }

  private async deleteLocked(id: string): Promise<void> {
    await this.get(id);
    const used = await this.options.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM influx_replications WHERE remote_id = ?', [id]);
    if (used && used.n > 0) throw conflict('remote-connection cannot be deleted as a replication references it');
    await this.options.store.run('DELETE FROM influx_remotes WHERE id = ?', [id]);
  }
}
