export { influxReplicationPlugin } from './plugin';
export { influxConfigSchema } from './config';
export type { InfluxConfig, LocalTarget } from './config';
export type { Replication } from './replications/replications.schemas';
export type { Remote, RemoteType } from './remotes/remotes.schemas';
