import type { Store } from '@ferry/core';
import type { UseRoles } from '../replication/replication.schemas';

/** An autofollow rule as persisted. */
export interface AutofollowRule {
  leaderAlias: string;
  name: string;
  pattern: string;
  exclusions: string[];
  followerIndexPattern?: string;
  useRoles?: UseRoles;
  settings: Record<string, unknown>;
  createdAt: number;
}

type Row = Record<string, any>;

function toRule(r: Row): AutofollowRule {
  return {
    leaderAlias: r.leader_alias,
    name: r.name,
    pattern: r.pattern,
    exclusions: JSON.parse(r.exclusions),
    followerIndexPattern: r.follower_index_pattern ?? undefined,
    useRoles: r.use_roles ? JSON.parse(r.use_roles) : undefined,
    settings: JSON.parse(r.settings),
    createdAt: r.created_at,
  };
}

/** Autofollow rules in the metadata store. */
export class RuleRepository {
  constructor(private readonly store: Store) {}

  async list(): Promise<AutofollowRule[]> {
    return (await this.store.all<Row>('SELECT * FROM ccr_rules ORDER BY leader_alias, name')).map(toRule);
  }

  async get(leaderAlias: string, name: string): Promise<AutofollowRule | undefined> {
    const row = await this.store.get<Row>('SELECT * FROM ccr_rules WHERE leader_alias = ? AND name = ?', [leaderAlias, name]);
    return row ? toRule(row) : undefined;
  }

  /** Creates or replaces a rule (a re-POST updates it, where the plugin answered 500). */
  async upsert(rule: AutofollowRule): Promise<void> {
    await this.store.run(
      `INSERT INTO ccr_rules (leader_alias, name, pattern, exclusions, follower_index_pattern, use_roles, settings, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (leader_alias, name) DO UPDATE SET pattern = excluded.pattern, exclusions = excluded.exclusions,
         follower_index_pattern = excluded.follower_index_pattern, use_roles = excluded.use_roles, settings = excluded.settings`,
      [rule.leaderAlias, rule.name, rule.pattern, JSON.stringify(rule.exclusions), rule.followerIndexPattern ?? null,
        rule.useRoles ? JSON.stringify(rule.useRoles) : null, JSON.stringify(rule.settings), rule.createdAt],
    );
  }

  async remove(leaderAlias: string, name: string): Promise<boolean> {
    return (await this.store.run('DELETE FROM ccr_rules WHERE leader_alias = ? AND name = ?', [leaderAlias, name])).changes > 0;
  }
}
