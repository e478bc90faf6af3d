#!/usr/bin/env node
// Micro-benchmark of the push-write guard's `_bulk` pre-check, in one process without servers: the CPU one
// 1,000 x 1 KB bulk (the pass-through bench's body) costs the guard before the request goes on, for the
// session-10 scan (`bulkMayWriteTo`, from the built dist) and the pre-check it replaced (a substring search for
// every name and for `\u`, then `parseBulkEntries` and one look-up per item), reproduced here.
// Usage: node tools/bench/pass-through/guard-scan.js   (after `npx nx run pull-ingestion:build`)
const { join } = require('node:path');
const { bulkBody } = require('../lib');

const dist = join(__dirname, '../../../libs/pull-ingestion/dist/guard');
const { bulkMayWriteTo } = require(join(dist, 'bulk-scan.js'));
const { parseBulkEntries } = require(join(dist, 'bulk-split.js'));

// The pass-through bench's guarded case: ingestion index `bench-gw`, alias `bench-gw-ing`.
const indices = ['bench-gw'];
const aliases = ['bench-gw-ing'];

async function previous(body) {
  const names = [...indices, ...aliases];
  if (!(names.some((n) => body.includes(n)) || body.includes('\\u'))) return false;
  let refused = false;
  for (const e of parseBulkEntries(body) ?? []) if (await Promise.resolve(names.includes(e.meta._index))) refused = true;
  return refused;
}

async function current(body) {
  return bulkMayWriteTo(body, new Set([...indices, ...aliases]));
}

/** Best of 15 batches of 40 calls, in ms per call (the minimum is the least disturbed by other load). */
async function best(fn, body) {
  let out = Infinity;
  for (let k = 0; k < 15; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 40; i++) await fn(body);
    out = Math.min(out, Number(process.hrtime.bigint() - t0) / 1e6 / 40);
  }
  return +out.toFixed(3);
}

const escaped = (b) => Buffer.from(b.toString().replace(/"msg":"xxxxxxxx/g, '"msg":"\\u00e9t\\u00e9 x'));

async function main() {
  const cases = {
    'index name prefixed by an ingestion name': bulkBody('bench-gw-ing-0', 0, 1000),
    'unrelated index, \\u escapes in documents': escaped(bulkBody('other-0', 0, 1000)),
    'unrelated index': bulkBody('other-0', 0, 1000),
  };
  console.log('ms of guard CPU per 1,000 x 1 KB _bulk (best of 15 x 40)');
  for (const [label, body] of Object.entries(cases)) {
    console.log(JSON.stringify({ case: label, previous: await best(previous, body), current: await best(current, body) }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
