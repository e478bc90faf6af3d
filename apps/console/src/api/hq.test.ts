import { describe, expect, it } from 'vitest';
import { connectBody, countStatuses, diagnosticRows, indexRows, type ConnectionForm } from './hq';

const form: ConnectionForm = { name: '', url: ' http://10.0.0.5:9200 ', authType: 'none', username: '', secret: '', verifyTls: true, ca: '' };

describe('connectBody', () => {
  it.each([
    [{}, { url: 'http://10.0.0.5:9200', auth: { type: 'none' } }],
    [{ name: 'eu', authType: 'basic', username: 'u', secret: 'p' }, { url: 'http://10.0.0.5:9200', name: 'eu', auth: { type: 'basic', username: 'u', password: 'p' } }],
    [{ authType: 'apiKey', secret: 'k' }, { url: 'http://10.0.0.5:9200', auth: { type: 'apiKey', apiKey: 'k' } }],
    [{ authType: 'bearer', secret: 't' }, { url: 'http://10.0.0.5:9200', auth: { type: 'bearer', token: 't' } }],
    [{ url: 'https://x:9200', verifyTls: false }, { url: 'https://x:9200', auth: { type: 'none' }, tls: { verify: false } }],
    [{ url: 'https://x:9200', ca: '-----BEGIN CERTIFICATE-----' }, { url: 'https://x:9200', auth: { type: 'none' }, tls: { verify: true, ca: '-----BEGIN CERTIFICATE-----' } }],
  ] as const)('%j', (over, body) => expect(connectBody({ ...form, ...over } as ConnectionForm)).toEqual(body));
});

describe('HQ shaping', () => {
  it('flattens the index summary', () => {
    expect(indexRows([{ index_name: 'a', health: 'green', docs: 3, docs_deleted: 0, size_in_bytes: 10, settings: { number_of_shards: 1, number_of_replicas: 0 }, state: 'open' }])).toEqual([
      { index: 'a', health: 'green', state: 'open', docs: 3, deleted: 0, size: 10, shards: 1, replicas: 0 },
    ]);
  });

  it('lists every rule group of a node, worst first, and counts PASS/WARN/DANGER', () => {
    const r = (label: string, status: string) => ({ rule_label: label, rule_comment: null, rule_value: 1, status, unit: null });
    const node = { node_id: 'n', name: 'n', heap_rules: [r('heap', 'PASS'), r('gc', 'DANGER')], fs_rules: [r('disk', 'WARN')], is_data_node: true };
    const rows = diagnosticRows(node);
    expect(rows.map((x) => [x.group, x.rule_label])).toEqual([['heap', 'gc'], ['fs', 'disk'], ['heap', 'heap']]);
    expect(countStatuses(rows)).toEqual({ PASS: 1, WARN: 1, DANGER: 1 });
  });
});
