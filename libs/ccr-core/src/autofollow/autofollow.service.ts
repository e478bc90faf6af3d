import { KeyedLock, sleep, type Clock, type Logger } from '@ferry/core';
import type { CcrConfig } from '../config';
import { ccrErrors } from '../errors';
import type { ClusterAccess } from '../rest/cluster-access';
import { seg } from '../rest/rest';
import type { ReplicationRepository } from '../store/replication.repo';
import type { AutofollowRule, RuleRepository } from '../store/rule.repo';
import type { ReplicationService } from '../replication/replication.service';
import { indexNameProblems, matchesPattern, patternProblems } from '../replication/index-name';
import type { AutofollowBody } from '../replication/replication.schemas';
import { checkRoles, checkSettings } from '../replication/start-checks';

/** Per-rule counters, as `autofollow_stats` shows them. */
interface RuleStats {
  num_success_start_replication: number;
  num_failed_start_replication: number;
  num_failed_leader_calls: number;
  /** Leader index → when it failed; skipped until the retry interval passed. */
  failed: Map<string, number>;
  last_execution_time: number;
  /** The last poll's error (leader call or start), cleared by a poll without one; for the flows board. */
  lastError?: string;
}

/** Options of {@link AutofollowService}. */
export interface AutofollowServiceOptions {
  rules: RuleRepository;
  repo: ReplicationRepository;
  clusters: ClusterAccess;
  replications: ReplicationService;
  config: CcrConfig;
  clock: Clock;
  logger: Logger;
}

const key = (r: { leaderAlias: string; name: string }) => `${r.leaderAlias}:${r.name}`;

/**
 * Autofollow rules: each poll lists the leader's open indices matching the rule (existing ones too,
 * as the plugin does), skips exclusions, dot-prefixed names and followers that exist, and starts at
 * most `autofollowConcurrency` bootstraps per rule at a time. Failed indices are retried later.
 * Create, delete and each poll of one rule (`alias:name`) run one after another under a lock per rule,
 * so a deleted rule starts nothing once its delete has answered.
 */
export class AutofollowService {
  private readonly stats = new Map<string, RuleStats>();
  private readonly lock = new KeyedLock();
  private wake?: () => void;

  constructor(private readonly o: AutofollowServiceOptions) {}

  async create(body: AutofollowBody): Promise<void> {
    const problems: string[] = [];
    if (!body.leader_alias || !body.name) problems.push('Missing connection or name in the request');
    if (body.name !== undefined) problems.push(...indexNameProblems(body.name));
    if (body.use_roles && (!body.use_roles.leader_cluster_role || !body.use_roles.follower_cluster_role)) {
      problems.push('Need roles for leader_cluster_role and follower_cluster_role');
    }
    if (body.pattern === undefined) problems.push('Missing pattern');
    else problems.push(...patternProblems(body.pattern));
    if (body.follower_index_pattern !== undefined && !body.follower_index_pattern.includes('{{leader_index}}')) {
      problems.push('follower_index_pattern must contain {{leader_index}}');
    }
    if (problems.length > 0) throw ccrErrors.validation(problems);
    checkRoles(body.use_roles, this.o.clusters);
    const settings = checkSettings(body.settings ?? {});
    if (!(await this.o.clusters.has(body.leader_alias!))) throw ccrErrors.noSuchRemoteCluster(body.leader_alias!);
    const id = { leaderAlias: body.leader_alias!, name: body.name! };
    await this.lock.run(key(id), async () => {
      const existing = await this.o.rules.get(id.leaderAlias, id.name);
      await this.o.rules.upsert({
        ...id,
        pattern: body.pattern!,
        exclusions: body.exclusion_patterns ?? [],
        followerIndexPattern: body.follower_index_pattern,
        useRoles: body.use_roles,
        settings,
        createdAt: existing?.createdAt ?? this.o.clock.now(),
      });
      this.stats.get(key(id))?.failed.clear();
    });
    this.wake?.();
  }

  async remove(body: AutofollowBody): Promise<void> {
    const problems: string[] = [];
    if (!body.leader_alias || !body.name) problems.push('Missing connection or name in the request');
    if (body.name !== undefined) problems.push(...indexNameProblems(body.name));
    if (body.pattern !== undefined) problems.push('Unexpected pattern');
    if (problems.length > 0) throw ccrErrors.validation(problems);
    checkRoles(body.use_roles, this.o.clusters, true);
    // Removing a rule that does not exist is a success, as in the plugin; existing followers keep running.
    const id = { leaderAlias: body.leader_alias!, name: body.name! };
    await this.lock.run(key(id), async () => {
      await this.o.rules.remove(id.leaderAlias, id.name);
      this.stats.delete(key(id));
    });
  }

  /** Every rule (beyond the plugin, whose docs say rules cannot be listed). */
  async list() {
    return {
      rules: (await this.o.rules.list()).map((r) => ({
        leader_alias: r.leaderAlias,
        name: r.name,
        pattern: r.pattern,
        exclusion_patterns: r.exclusions,
        ...(r.followerIndexPattern ? { follower_index_pattern: r.followerIndexPattern } : {}),
        ...(r.useRoles ? { use_roles: r.useRoles } : {}),
        settings: r.settings,
      })),
    };
  }

  /** `autofollow_stats`; `ferry` adds each rule's `leader_alias`, which the plugin does not send. */
  async statsReport(ferry = false) {
    const rules = await this.o.rules.list();
    const per = rules.map((r) => {
      const s = this.statsOf(r);
      return {
        name: r.name,
        pattern: r.pattern,
        ...(ferry ? { leader_alias: r.leaderAlias } : {}),
        num_success_start_replication: s.num_success_start_replication,
        num_failed_start_replication: s.num_failed_start_replication,
        num_failed_leader_calls: s.num_failed_leader_calls,
        failed_indices: [...s.failed.keys()],
        last_execution_time: s.last_execution_time,
      };
    });
    return {
      num_success_start_replication: per.reduce((n, r) => n + r.num_success_start_replication, 0),
      num_failed_start_replication: per.reduce((n, r) => n + r.num_failed_start_replication, 0),
      num_failed_leader_calls: per.reduce((n, r) => n + r.num_failed_leader_calls, 0),
      failed_indices: [...new Set(per.flatMap((r) => r.failed_indices))],
      autofollow_stats: per,
    };
  }

  /** Every rule with its counters and last error, for the flows board. */
  async flowStats() {
    return (await this.o.rules.list()).map((rule) => {
      const s = this.statsOf(rule);
      return {
        rule,
        started: s.num_success_start_replication,
        failed: s.num_failed_start_replication,
        failedLeaderCalls: s.num_failed_leader_calls,
        failedIndices: [...s.failed.keys()],
        lastExecutionTime: s.last_execution_time,
        lastError: s.lastError,
      };
    });
  }

  /** The lifecycle worker: polls every rule, at once after a rule changed. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // A failure here (the store) skips one round; the worker itself never ends before the gateway stops.
      const rules = await this.o.rules.list().catch((err) => (this.o.logger.error({ err }, 'cannot read the autofollow rules'), []));
      for (const rule of rules) {
        if (signal.aborted) return;
        await this.lock.run(key(rule), () => this.pollCurrent(rule)).catch((err) => this.o.logger.warn({ err, rule: key(rule) }, 'autofollow poll failed'));
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        sleep(this.o.config.autofollowPollIntervalMs, signal).then(resolve);
      });
      this.wake = undefined;
    }
  }

  private statsOf(rule: AutofollowRule): RuleStats {
    let s = this.stats.get(key(rule));
    if (!s) {
      s = { num_success_start_replication: 0, num_failed_start_replication: 0, num_failed_leader_calls: 0, failed: new Map(), last_execution_time: 0 };
      this.stats.set(key(rule), s);
    }
    return s;
  }

  /** Polls the rule as stored now: it may have been deleted or changed since the list was read. */
  private async pollCurrent(listed: AutofollowRule): Promise<void> {
    const rule = await this.o.rules.get(listed.leaderAlias, listed.name);
    if (rule) await this.poll(rule);
  }

  private async poll(rule: AutofollowRule): Promise<void> {
    const s = this.statsOf(rule);
    const now = this.o.clock.now();
    s.last_execution_time = now;
    for (const [index, at] of s.failed) if (now - at >= this.o.config.autofollowRetryIntervalMs) s.failed.delete(index);
    let candidates: string[];
    try {
      candidates = await this.leaderIndices(rule);
    } catch (err) {
      s.num_failed_leader_calls++;
      s.lastError = `could not list the leader's indices: ${(err as Error).message}`;
      return;
    }
    const reps = await this.o.repo.list();
    const inFlight = reps.filter((r) => r.rule === key(rule) && r.state === 'RUNNING' && r.phase !== 'syncing').length;
    let budget = this.o.config.autofollowConcurrency - inFlight;
    let failures = 0;
    const errors: string[] = [];
    for (const leaderIndex of candidates) {
      if (budget <= 0) break;
      const followerIndex = rule.followerIndexPattern ? rule.followerIndexPattern.split('{{leader_index}}').join(leaderIndex) : leaderIndex;
      if (s.failed.has(leaderIndex) || reps.some((r) => r.followerIndex === followerIndex)) continue;
      if (await this.followerExists(followerIndex)) continue;
      try {
        await this.o.replications.start({ followerIndex, leaderAlias: rule.leaderAlias, leaderIndex, useRoles: rule.useRoles, settings: rule.settings, rule: key(rule) });
        s.num_success_start_replication++;
        budget--;
      } catch (err) {
        failures++;
        errors.push(`[${leaderIndex}] ${(err as Error).message}`);
        s.failed.set(leaderIndex, now);
        this.o.logger.warn({ err, rule: key(rule), leaderIndex }, 'autofollow start failed');
      }
    }
    s.num_failed_start_replication = failures;
    s.lastError = errors.length > 0 ? `could not start replication of ${errors.join('; ')}` : undefined;
  }

  private async leaderIndices(rule: AutofollowRule): Promise<string[]> {
    const leader = await this.o.clusters.leader(rule.leaderAlias, rule.useRoles);
    const res = await leader.call<Record<string, any>>({
      method: 'GET',
      path: `/${seg(rule.pattern)}`,
      query: { expand_wildcards: 'open', allow_no_indices: true, ignore_unavailable: true },
      ignore: [404],
    });
    const names = res.status === 404 ? [] : Object.keys(res.body ?? {});
    return names
      .filter((i) => !i.startsWith('.') && matchesPattern(rule.pattern, i) && !rule.exclusions.some((p) => matchesPattern(p, i)))
      .sort();
  }

  private async followerExists(index: string): Promise<boolean> {
    const follower = await this.o.clusters.follower();
    return (await follower.call({ method: 'HEAD', path: `/${seg(index)}`, ignore: [404] })).status !== 404;
  }
}
