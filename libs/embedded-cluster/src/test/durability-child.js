// Child process of durability.test.ts: starts a cluster on argv[2] (from the TypeScript sources, compiled
// on the fly by swc), writes documents as fast as it can and prints one line per acknowledged write.
// The parent kills it with SIGKILL mid-stream and checks every acknowledged write survived.
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '../../../..');
require('ts-node').register({ transpileOnly: true, swc: true, project: path.join(root, 'libs/embedded-cluster/tsconfig.spec.json') });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@ferry/core') request = path.join(root, 'libs/core/src/index.ts');
  return resolve.call(this, request, ...rest);
};
require('reflect-metadata');
const { startEmbeddedCluster } = require('../index.ts');

async function main() {
  const cluster = await startEmbeddedCluster({ name: 'durable', dataDir: process.argv[2] });
  const post = (p, body, type = 'application/json') =>
    fetch(`${cluster.url}${p}`, { method: 'POST', headers: { 'content-type': type }, body }).then((r) => r.json());
  process.stdout.write('READY\n');
  for (let i = 0; ; i++) {
    if (i % 2 === 0) {
      const r = await post(`/dur/_doc/single-${i}`, JSON.stringify({ i }));
      process.stdout.write(`ACK single-${i} ${r._seq_no}\n`);
    } else {
      const lines = [];
      for (let j = 0; j < 50; j++) lines.push(JSON.stringify({ index: { _index: 'dur', _id: `bulk-${i}-${j}` } }), JSON.stringify({ i, j }));
      const r = await post('/_bulk', `${lines.join('\n')}\n`, 'application/x-ndjson');
      if (r.errors) throw new Error('bulk failed');
      process.stdout.write(`ACK ${r.items.map((it) => `${it.index._id} ${it.index._seq_no}`).join(' ')}\n`);
    }
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack));
  process.exit(1);
});
