// Preloaded into the backend replicas by the harness (with --expose-gc): on SIGUSR2 the process collects
// garbage and writes its memory figures to MESHPORT_MEMORY_FILE, so the load suite compares live memory
// after a full collection instead of whenever V8 last happened to collect.
const { writeFileSync, renameSync } = require('node:fs');

process.on('SIGUSR2', () => {
  global.gc();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const file = process.env.MESHPORT_MEMORY_FILE;
  writeFileSync(
    `${file}.tmp`,
    JSON.stringify({ rss, heapUsed, heapTotal, external }),
  );
  renameSync(`${file}.tmp`, file);
});
