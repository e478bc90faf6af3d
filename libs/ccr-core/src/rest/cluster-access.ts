import type { ClusterRegistry } from '@ferry/clusters';
import type { RoleCredentials } from '../config';
import type { UseRoles } from '../replication/replication.schemas';
import type { Client } from '@opensearch-project/opensearch';
import { type LeaderFamily, probeLeaderFamily } from './leader-family';
import { Rest } from './rest';

/** Sent on every call to the follower so the embedded cluster's follower block lets the replicator write. */
export const REPLICATION_WRITER_HEADERS: Readonly<Record<string, string>> = { 'x-ferry-replication-writer': 'true' };

/**
 * The clusters a replication touches: leaders by alias (connections of the registry) and the local
 * cluster (the follower). `use_roles` role names select other credentials per side.
 */
export class ClusterAccess {
  // Keyed by client: the registry builds a new one when a connection changes, which forces a new probe.
  private readonly families = new WeakMap<Client, Promise<LeaderFamily>>();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly roles: Record<string, RoleCredentials>,
  ) {}

  get localName(): string {
    return this.registry.localName;
  }

  /** True when a connection with this alias exists. */
  async has(alias: string): Promise<boolean> {
    return (await this.registry.get(alias)) !== undefined;
  }

  /** Distribution of a connection, when known (probed). */
  async distribution(alias: string): Promise<'opensearch' | 'elasticsearch' | undefined> {
    return (await this.registry.get(alias))?.distribution;
  }

  /** True when a role name has credentials configured. */
  knowsRole(role: string): boolean {
    return role in this.roles;
  }

  /**
   * The leader's family, version and read strategy, from `GET /` once per connection (a changed
   * connection, or a failed probe, is probed again).
   */
  async leaderFamily(alias: string, roles?: UseRoles): Promise<LeaderFamily> {
    const client = await this.registry.client(alias);
    let family = this.families.get(client);
    if (!family) {
      family = probeLeaderFamily(this.withRole(new Rest(client), roles?.leader_cluster_role));
      this.families.set(client, family);
      const probe = family;
      probe.catch(() => {
        if (this.families.get(client) === probe) this.families.delete(client);
      });
    }
    return family;
  }

  /** Forgets what the leader's root said: the next {@link leaderFamily} probes again (after a reconnect). */
  async forgetFamily(alias: string): Promise<void> {
    if (await this.has(alias)) this.families.delete(await this.registry.client(alias));
  }

  async leader(alias: string, roles?: UseRoles): Promise<Rest> {
    return this.withRole(new Rest(await this.registry.client(alias)), roles?.leader_cluster_role);
  }

  /** The local cluster, as the replicator: its writes pass the follower block (`index.blocks.replication`). */
  async follower(roles?: UseRoles): Promise<Rest> {
    const rest = new Rest(await this.registry.client(this.registry.localName), REPLICATION_WRITER_HEADERS);
    return this.withRole(rest, roles?.follower_cluster_role);
  }

  private withRole(rest: Rest, role: string | undefined): Rest {
    const creds = role ? this.roles[role] : undefined;
    if (!creds) return rest;
    if (creds.apiKey) return rest.withHeaders({ authorization: `ApiKey ${creds.apiKey}` });
    if (creds.username) {
      const token = Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64');
      return rest.withHeaders({ authorization: `Basic ${token}` });
    }
    return rest;
  }
}
