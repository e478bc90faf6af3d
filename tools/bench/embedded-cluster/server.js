// Child process of the embedded-cluster benchmarks: starts one cluster from the built library and prints its URL.
// Usage: node server.js <dataDir>
const { join } = require('node:path');
const { startEmbeddedCluster } = require(join(__dirname, '../../../libs/embedded-cluster/dist/index.js'));

startEmbeddedCluster({ name: 'bench', dataDir: process.argv[2] }).then((c) => {
  process.stdout.write(`${JSON.stringify({ url: c.url })}\n`);
  const stop = () => c.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Peak resident memory on request: the parent reads it at the end of a run.
  process.on('message', (m) => {
    if (m === 'mem') {
      const cpu = process.cpuUsage();
      process.send({ rss: process.memoryUsage().rss, maxRss: process.resourceUsage().maxRSS * 1024, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  });
});
