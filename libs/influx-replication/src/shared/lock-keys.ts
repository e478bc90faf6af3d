/**
 * Keys of the plugin's control lock. A change takes a replication's key before the key of the remote it
 * uses, never the other way round, so two changes cannot wait for each other.
 */
export const lockKeys = {
  replication: (id: string): string => `replication:${id}`,
  remote: (id: string): string => `remote:${id}`,
};
