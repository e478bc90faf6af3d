import { ccrPlugin } from '@ferry/ccr-core';
import type { FerryPlugin } from '@ferry/core';
import { hqInspectorPlugin } from '@ferry/hq-inspector';
import { influxReplicationPlugin } from '@ferry/influx-replication';
import { pullIngestionPlugin } from '@ferry/pull-ingestion';

/** Every plugin the gateway serves: the one place where they are listed. */
export const plugins: readonly FerryPlugin[] = [ccrPlugin, influxReplicationPlugin, pullIngestionPlugin, hqInspectorPlugin];
