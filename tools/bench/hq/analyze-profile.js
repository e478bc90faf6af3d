// Prints the top self-time frames and packages of a .cpuprofile: node analyze-profile.js <file>
const fs = require('node:fs');
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const counts = new Map();
for (const s of p.samples) counts.set(s, (counts.get(s) || 0) + 1);
const self = new Map();
let total = 0;
for (const [id, c] of counts) {
  const f = byId.get(id).callFrame;
  if (f.functionName === '(idle)') continue;
  const url = f.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/main\//, '');
  const k = `${f.functionName || '(anon)'} ${url}:${f.lineNumber}`;
  self.set(k, (self.get(k) || 0) + c);
  total += c;
}
const byFile = new Map();
for (const [k, c] of self) {
  const file = k.split(' ').slice(1).join(' ').split(':')[0].replace(/^nm\/(@[^/]+\/[^/]+|[^/]+).*/, 'nm/$1');
  byFile.set(file || '(native/idle)', (byFile.get(file || '(native/idle)') || 0) + c);
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, c]) => `${((100 * c) / total).toFixed(1).padStart(5)}% ${k}`).join('\n');
console.log(`busy samples: ${total}\n-- top frames (self) --\n${top(self, 30)}\n-- by package / file (self) --\n${top(byFile, 25)}`);

// Inclusive share of a few layers: a sample counts for a layer when any frame of its stack belongs to it.
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const layers = {
  'core dispatch (create-gateway)': /libs\/core\/src\/http\/create-gateway/,
  'express + router': /node_modules\/(express|router)\//,
  'http-proxy-middleware': /node_modules\/http-proxy-middleware\//,
  'http-proxy (passes, outgoing request)': /node_modules\/http-proxy\//,
  'hq plugin code': /libs\/hq-inspector\//,
  'opensearch-js client': /node_modules\/@opensearch-project\//,
  'node http server parse (parserOnIncoming)': /^parserOnIncoming$/,
  'node http client response (parserOnIncomingClient)': /^parserOnIncomingClient$/,
  'socket writes (writev/writeGeneric/writeLatin1String)': /^(writev|writeGeneric|writeLatin1String|writeUtf8String|_writeGeneric)$/,
  'garbage collector': /^\(garbage collector\)$/,
};
const inclusive = Object.fromEntries(Object.keys(layers).map((k) => [k, 0]));
let busy = 0;
for (const [id, c] of counts) {
  if (byId.get(id).callFrame.functionName === '(idle)') continue;
  busy += c;
  const hit = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur).callFrame;
    for (const [name, re] of Object.entries(layers)) if (re.test(f.url) || re.test(f.functionName)) hit.add(name);
  }
  for (const name of hit) inclusive[name] += c;
}
console.log('-- inclusive share of busy time --');
for (const [k, v] of Object.entries(inclusive)) console.log(`${((100 * v) / busy).toFixed(1).padStart(5)}% ${k}`);
