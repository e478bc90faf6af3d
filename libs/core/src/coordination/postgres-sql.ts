/**
 * The PostgreSQL coordinator's statements. Times are the database's (`now()`), never a node's, so
 * nodes with skewed clocks still agree on who holds what; `$ttl` is in milliseconds.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS ferry_nodes (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  heartbeat_at TIMESTAMPTZ NOT NULL,
  queued_bytes BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ferry_leases (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  epoch BIGINT NOT NULL DEFAULT 0,
  expires_at TIMESTAMPTZ,
  PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS ferry_topics (topic TEXT PRIMARY KEY, version BIGINT NOT NULL);
`;

/** Concurrent `CREATE TABLE IF NOT EXISTS` can collide in the catalog; nodes starting together take turns. */
export const SCHEMA_LOCK = `SELECT pg_advisory_xact_lock(7262011300)`;

export const CHANNEL = 'ferry_coordination';

const ttl = (n: number) => `($${n}::float8 * interval '1 millisecond')`;
const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;

export const HEARTBEAT_NODE = `
INSERT INTO ferry_nodes (id, address, heartbeat_at, queued_bytes) VALUES ($1, $2, now(), $3)
ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, heartbeat_at = now(), queued_bytes = EXCLUDED.queued_bytes`;

/** Renews the leases this node still holds (`$2`: `kind/id` keys with `$3` their epochs); returns the renewed ones. */
export const RENEW = `
UPDATE ferry_leases l SET expires_at = now() + ${ttl(4)}
FROM unnest($2::text[], $3::bigint[]) AS h(key, epoch)
WHERE l.owner = $1 AND l.kind || '/' || l.id = h.key AND l.epoch = h.epoch AND l.expires_at > now()
RETURNING l.kind, l.id`;

/** Where the leases that were not renewed went: `$1` the keys. */
export const WHERE_NOW = `SELECT kind, id, owner, epoch FROM ferry_leases WHERE kind || '/' || id = ANY($1::text[])`;

/**
 * The fair-share inputs: the live nodes in id order and how many items of kinds `$2` exist. Each node's
 * target is `floor(items / live)`, plus one for the first `items % live` nodes in id order, so the
 * targets add up to the items and every node computes the same split.
 */
export const SHARE_INPUTS = `
SELECT (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM ferry_nodes WHERE heartbeat_at > now() - ${ttl(1)}) AS live,
       (SELECT count(*) FROM ferry_leases WHERE kind = ANY($2::text[]))::int AS items`;

/** Claims up to `$3` free or expired items of kinds `$2` (one of them, `$5/$6`, if given); returns the new epochs. */
export const CLAIM = `
UPDATE ferry_leases l SET owner = $1, epoch = l.epoch + 1, expires_at = now() + ${ttl(4)}
FROM (
  SELECT kind, id FROM ferry_leases
  WHERE kind = ANY($2::text[]) AND (owner IS NULL OR expires_at <= now())
    AND ($5::text IS NULL OR (kind = $5::text AND id = $6::text))
  ORDER BY kind, id LIMIT $3 FOR UPDATE SKIP LOCKED
) c
WHERE l.kind = c.kind AND l.id = c.id
RETURNING l.kind, l.id, l.epoch`;

export const RELEASE = `UPDATE ferry_leases SET owner = NULL, expires_at = NULL WHERE kind = $1 AND id = $2 AND owner = $3 AND epoch = $4`;
export const RELEASE_ALL = `UPDATE ferry_leases SET owner = NULL, expires_at = NULL WHERE owner = $1`;
export const WANT = `INSERT INTO ferry_leases (kind, id) VALUES ($1, $2) ON CONFLICT (kind, id) DO NOTHING`;
export const WITHDRAW = `DELETE FROM ferry_leases WHERE kind = $1 AND id = $2`;
export const LEAVE = `DELETE FROM ferry_nodes WHERE id = $1`;
export const NOTIFY = `SELECT pg_notify('${CHANNEL}', $1)`;

export const PUBLISH = `
INSERT INTO ferry_topics (topic, version) VALUES ($1, 1)
ON CONFLICT (topic) DO UPDATE SET version = ferry_topics.version + 1 RETURNING version`;
export const TOPICS = `SELECT topic, version FROM ferry_topics`;

/** Runs inside a store transaction (`?` placeholders, the store's own dialect translation). */
export const FENCE = `SELECT owner, epoch, expires_at > now() AS valid FROM ferry_leases WHERE kind = ? AND id = ? FOR KEY SHARE`;

export const VIEW_NODES = `
SELECT id, address, ${ms('heartbeat_at')} AS heartbeat, heartbeat_at > now() - ${ttl(1)} AS live, queued_bytes::float8 AS queued
FROM ferry_nodes ORDER BY id`;
export const VIEW_LEASES = `SELECT kind, id, owner, epoch::float8 AS epoch, ${ms('expires_at')} AS expires FROM ferry_leases ORDER BY kind, id`;
