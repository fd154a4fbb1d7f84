// Production-shape tests (CI step of `npm test`): starts PostgreSQL, Redis, Prometheus, the fake Argo CD
// and Kiali and two backend replicas once, runs the node:test files below against them in this order
// (the secret scan last, over everything the others produced), then stops it all. Logs and captured
// answers stay in test-results/production. `node test/production/run.mjs <file>...` runs some of them.
const FILES = [
  'cache.test.mjs',
  'security.test.mjs',
  'scaffolder.test.mjs',
  'faults.test.mjs',
  'failover.test.mjs',
  'secrets.test.mjs',
];

const chosen = process.argv.slice(2).map(f => f.replace(/^.*\//, ''));
for (const file of chosen) {
  if (!FILES.includes(file)) {
    console.error(`unknown test file ${file}; one of: ${FILES.join(', ')}`);
    process.exit(2);
  }
}
// Sequentially: each file waits for the shared stack, and registers its tests in this order.
for (const file of chosen.length ? chosen : FILES) {
  await import(`./tests/${file}`);
}
