import { invalid, unprocessable } from '../shared/errors';

/** InfluxDB's `validBucketName`: 400 for names reserved for system buckets or that would break InfluxQL/Flux queries. */
export function checkBucketName(name: string): void {
  if (name.startsWith('_')) throw invalid(`bucket name ${name} is invalid. Buckets may not start with underscore`);
  if (name.includes('"')) throw invalid(`bucket name ${name} is invalid. Bucket names may not include quotation marks`);
}

/** InfluxDB's `OK()` of the create and update bodies: one rule at most, no negative durations (422). */
export function checkRetentionRules(rules: readonly { everySeconds?: number; shardGroupDurationSeconds?: number }[]): void {
  if (rules.length > 1) throw unprocessable('buckets cannot have more than one retention rule at this time');
  const [rule] = rules;
  if (rule?.everySeconds !== undefined && rule.everySeconds < 0) throw unprocessable('expiration seconds cannot be negative');
  if (rule?.shardGroupDurationSeconds !== undefined && rule.shardGroupDurationSeconds < 0) {
    throw unprocessable('shard-group duration seconds cannot be negative');
  }
}
