// A wrong value of our configuration in the generated app (test/foreign-app/run.mjs runs this before it
// starts the app's backend, which would hold the port): the backend's startup fails with the key named,
// and Backstage's own check of the merged configuration against the packages' shipped schemas
// (config.schema.json, compiled from config.d.ts when packed) reports the path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BACKEND_URL, configArgs, startBackend } from '../lib/app.mjs';

const appDir = process.env.FOREIGN_APP_DIR;
const artifacts = process.env.E2E_ARTIFACTS;
const bad = join(appDir, 'app-config.bad.yaml');
writeFileSync(
  bad,
  JSON.stringify({ serviceMesh: { cacheTtlSeconds: 'soon' } }),
);

test('a wrong serviceMesh value stops the backend with its key', async () => {
  const logFile = join(artifacts, 'backend-bad-config.log');
  const backend = startBackend(appDir, logFile, bad);
  try {
    const until = Date.now() + 180_000;
    let log = '';
    while (!log.includes('Backend startup failed') && Date.now() < until) {
      await sleep(1000);
      log = readFileSync(logFile, 'utf8');
    }
    assert.match(log, /Backend startup failed/);
    assert.match(
      log,
      /Plugin 'service-mesh' startup failed; caused by Error: Unable to convert config value for key 'serviceMesh\.cacheTtlSeconds' in 'app-config\.bad\.yaml' to a number/,
    );
    const ready = await fetch(
      `${BACKEND_URL}/.backstage/health/v1/readiness`,
    ).then(
      r => r.ok,
      () => false,
    );
    assert.equal(ready, false, 'the backend reports ready');
  } finally {
    await backend.stop();
  }
});

test('backstage-cli config:check finds the wrong value through the shipped schema', () => {
  const r = spawnSync(
    'npx',
    ['backstage-cli', 'config:check', '--strict', ...configArgs(appDir, bad)],
    { cwd: appDir, encoding: 'utf8' },
  );
  assert.notEqual(r.status, 0);
  assert.match(
    r.stderr + r.stdout,
    /Config must be number \{ type=number \} at \/serviceMesh\/cacheTtlSeconds/,
  );
});
