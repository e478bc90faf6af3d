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
