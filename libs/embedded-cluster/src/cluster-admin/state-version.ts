import { createHash, randomBytes } from 'node:crypto';
import type { ClusterNode } from '../node/cluster-node';

interface Tracked {
  signature: string;
  version: number;
  stateUuid: string;
  perIndex: Map<string, { signature: string; version: number }>;
}

const tracked = new WeakMap<ClusterNode, Tracked>();

function signatureOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

/**
 * The cluster state version: the node has no cluster-state publication, so the version is bumped each
 * time an observation finds the metadata (indices, settings, mappings, aliases, states, cluster
 * settings) changed since the last one. It only ever grows while the node runs.
 */
export function stateVersion(node: ClusterNode): { version: number; stateUuid: string; indexVersion(name: string): number } {
  const metas = node.registry.all();
  const signature = signatureOf([metas.map((m) => [m.name, m.uuid, m.settings, m.mappings, m.aliases, m.state]), node.clusterSettings]);
  let t = tracked.get(node);
  if (!t) tracked.set(node, (t = { signature, version: 1, stateUuid: randomBytes(16).toString('base64url').slice(0, 22), perIndex: new Map() }));
  if (t.signature !== signature) {
    t.signature = signature;
    t.version++;
    t.stateUuid = randomBytes(16).toString('base64url').slice(0, 22);
  }
  for (const m of metas) {
    const sig = signatureOf([m.settings, m.mappings, m.aliases, m.state]);
    const seen = t.perIndex.get(m.uuid);
    if (!seen) t.perIndex.set(m.uuid, { signature: sig, version: 1 });
    else if (seen.signature !== sig) t.perIndex.set(m.uuid, { signature: sig, version: seen.version + 1 });
  }
  const state = t;
  return {
    version: state.version,
    stateUuid: state.stateUuid,
    indexVersion: (name) => state.perIndex.get(node.registry.get(name)?.uuid ?? '')?.version ?? 1,
  };
}
