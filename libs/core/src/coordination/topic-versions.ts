import type { Logger } from '../logging/logger';

/**
 * Cluster-wide change topics: NOTIFY brings a new version at once, the heartbeat's poll of the version
 * counters brings it when a notification was lost (NOTIFY is not durable: a dropped LISTEN connection
 * misses what was sent meanwhile). A listener runs once per version seen, from whichever comes first.
 */
export class TopicVersions {
  private readonly versions = new Map<string, number>();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly logger: Logger) {}

  subscribe(topic: string, listener: () => void): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set.add(listener));
    return () => set.delete(listener);
  }

  /** Records `version` of `topic`; fires the listeners when it is newer than the last one seen. */
  seen(topic: string, version: number): void {
    const last = this.versions.get(topic);
    if (last !== undefined && version <= last) return;
    this.versions.set(topic, version);
    // The first poll after start learns the current versions; every local cache was loaded after them anyway.
    if (last === undefined && version > 0 && !this.listeners.has(topic)) return;
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener();
      } catch (err) {
        this.logger.error({ err, topic }, 'topic listener failed');
      }
    }
  }
}
