import { flattenSettings, nestSettings, splitIngestionSettings } from './flatten';
import { applySettingsUpdate, parseIngestionSource, settingsIssues } from './ingestion-settings';

const P = 'index.ingestion_source.';
const kafka = { [`${P}type`]: 'kafka', [`${P}param.topic`]: 't', [`${P}param.bootstrap_servers`]: 'h:9092' };

describe('ingestion settings', () => {
  it.each([
    ['nested', { index: { number_of_shards: 2, ingestion_source: { type: 'kafka', pointer: { init: { reset: 'earliest' } }, param: { topic: 't' } } } }],
    ['flat', { 'index.number_of_shards': 2, 'ingestion_source.type': 'kafka', 'index.ingestion_source.pointer.init.reset': 'earliest', 'ingestion_source.param.topic': 't' }],
    ['mixed', { index: { number_of_shards: 2, 'ingestion_source.type': 'kafka' }, ingestion_source: { pointer: { init: { reset: 'earliest' } }, 'param.topic': 't' } }],
  ])('splits %s settings from the rest', (_name, settings) => {
    const { ingestion, rest } = splitIngestionSettings(settings);
    expect(ingestion).toEqual({ [`${P}type`]: 'kafka', [`${P}pointer.init.reset`]: 'earliest', [`${P}param.topic`]: 't' });
    expect(flattenSettings(rest)).toEqual({ 'index.number_of_shards': '2' });
  });

  it('nests like OpenSearch, keeping a key that is also a prefix dotted', () => {
    expect(nestSettings({ 'a.reset': 'x', 'a.reset.value': '1', 'a.b.c': 'y' })).toEqual({ a: { reset: 'x', 'reset.value': '1', b: { c: 'y' } } });
  });

  it.each([
    [{ [`${P}pointer.init.reset`]: 'bogus' }, `Invalid value for ${P}pointer.init.reset [bogus]`],
    [{ [`${P}pointer.init.reset`]: 'RESET_BY_OFFSET' }, `Setting ${P}pointer.init.reset.value should be set when resetting consumer position`],
    [{ [`${P}error_strategy`]: 'retry' }, 'Invalid ingestion errorStrategy: retry'],
    [{ [`${P}mapper_type`]: 'xml' }, 'Unknown ingestion mapper type: xml. Valid values are: default, raw_payload'],
    [{ [`${P}poll.max_batch_size`]: '-1' }, `Failed to parse value [-1] for setting [${P}poll.max_batch_size] must be >= 0`],
    [{ [`${P}poll.timeout`]: 'soon' }, `Failed to parse value [soon] for setting [${P}poll.timeout]`],
    [{ [`${P}internal_queue_size`]: '100001' }, `Failed to parse value [100001] for setting [${P}internal_queue_size] must be <= 100000`],
    [{ [`${P}bogus`]: '1' }, `unknown setting [${P}bogus] please check that any required plugins are installed, or check the breaking changes documentation for removed settings`],
    [{ [`${P}param.topic`]: '' }, `Missing required setting [${P}param.topic] for ingestion source type [kafka]`],
    [{ [`${P}source_partition_strategy`]: 'range' }, 'Unknown partition strategy: [range]. Valid values are [simple, modulo]'],
    [
      { [`${P}source_partition_strategy`]: 'modulo', [`${P}pointer.init.reset`]: 'reset_by_offset', [`${P}pointer.init.reset.value`]: '5' },
      "Multi-partition mode requires offset in 'partition:offset' format (e.g., '3:42'), got: 5",
    ],
  ])('rejects %j', (change, message) => {
    expect(settingsIssues({ ...kafka, ...change })).toContain(message);
  });

  it('parses defaults and params', () => {
    const s = parseIngestionSource({ ...kafka, [`${P}error_strategy`]: 'block', [`${P}param.auto.offset.reset`]: 'earliest' });
    expect(s).toMatchObject({ type: 'kafka', reset: 'latest', errorStrategy: 'BLOCK', maxBatchSize: 1000, pollTimeoutMs: 1000, mapperType: 'default', lagUpdateIntervalMs: 10_000 });
    expect(s.params).toEqual({ topic: 't', bootstrap_servers: 'h:9092', 'auto.offset.reset': 'earliest' });
    expect(s.partitionStrategy).toBe('simple');
    expect(parseIngestionSource({ ...kafka, [`${P}source_partition_strategy`]: 'MODULO' }).partitionStrategy).toBe('modulo');
  });

  it.each([
    [{ [`${P}error_strategy`]: 'BLOCK' }, undefined],
    [{ [`${P}param.topic`]: 'other' }, undefined],
    [{ [`${P}pointer.init.reset`]: 'earliest' }, `final index setting [${P}pointer.init.reset], not updateable`],
    [{ [`${P}type`]: 'file' }, `Can't update non dynamic settings [[${P}type]] for open indices [[logs]]`],
  ])('updates %j', (change, error) => {
    const run = () => applySettingsUpdate(kafka, change, 'logs');
    if (error) expect(run).toThrow(error);
    else expect(run()).toEqual({ ...kafka, ...change });
  });
});
