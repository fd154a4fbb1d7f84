// Browser tests: build the app, start the backend serving it on loopback, run the node:test files in
// e2e/tests against it in Debian Chromium (playwright-core), then stop the backend.
// `node e2e/run.mjs <file>...` runs only the named files of e2e/tests.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testDir = join(root, 'e2e/tests');
const chosen = process.argv
  .slice(2)
  .map(file => join(testDir, basename(file)));
// Checked before the build, so that a typo does not cost a build and a backend start.
for (const file of chosen) {
  if (!existsSync(file)) {
    console.error(`unknown test file ${basename(file)} (not in e2e/tests)`);
    process.exit(2);
  }
}
// E2E_PORT lets several test runs share a machine.
const port = Number(process.env.E2E_PORT ?? 7017);
const baseUrl = `http://127.0.0.1:${port}`;
// The backend serves the built app on one loopback port.
const e2eDir = mkdtempSync(join(tmpdir(), 'meshport-e2e-config-'));
const e2eConfig = join(e2eDir, 'app-config.e2e.yaml');
// The sandbox's fault switch (tests only): stale-data.test.mjs turns the simulated Kiali off through it.
const sandboxFaults = join(e2eDir, 'sandbox-faults.json');
// Each run's own local repositories (the wizard's, and the sandbox's seeded checkout), never the
// developer's local-repos/; the wizard's result names a directory ending in /local-repos/<name>.
const localRepos = join(e2eDir, 'local-repos');
writeFileSync(
  e2eConfig,
  JSON.stringify({
    app: { baseUrl },
    backend: { baseUrl, listen: { port, host: '127.0.0.1' }, cors: { origin: baseUrl } },
    serviceMesh: { sandboxFaultsFile: sandboxFaults },
    serviceMeshScaffolder: { localPublish: { directory: localRepos } },
  }),
);
const configArgs = ['--config', join(root, 'app-config.yaml'), '--config', e2eConfig];
const artifacts = join(root, 'test-results');
mkdirSync(artifacts, { recursive: true });

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  }
}

console.log('== building the app');
run('npx', ['backstage-cli', 'package', 'build', ...configArgs], join(root, 'packages/app'));

console.log('== starting the backend');
const log = openSync(join(artifacts, 'backend.log'), 'w');
// From its sources as `backstage-cli package start` runs it, but without its file watcher: an edit in
// the working tree during the run (several engineers share it) must not restart the backend under the
// tests, which lose its in-memory catalog and connections.
const backend = spawn(
  process.execPath,
  ['-r', '@backstage/cli/config/nodeTransform.cjs', 'src/index.ts', ...configArgs],
  {
    cwd: join(root, 'packages/backend'),
    stdio: ['ignore', log, log],
    env: { ...process.env, NODE_ENV: 'development' },
    detached: true,
  },
);

const stop = () => {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);

async function waitForBackend(deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (backend.exitCode !== null) {
      throw new Error(`backend exited with ${backend.exitCode}; see test-results/backend.log`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error('backend did not become ready in time; see test-results/backend.log');
}

// The catalog ingests the example estate asynchronously after start; tests begin once it is there.
async function waitForCatalog(deadlineMs) {
  const until = Date.now() + deadlineMs;
  const auth = await fetch(`${baseUrl}/api/auth/guest/refresh`).then(r => r.json());
  const headers = { Authorization: `Bearer ${auth.backstageIdentity.token}` };
  const expected = ['component/default/checkout', 'component/default/auth-service', 'template/default/meshed-service'];
  while (Date.now() < until) {
    const found = await Promise.all(
      expected.map(ref =>
        fetch(`${baseUrl}/api/catalog/entities/by-name/${ref}`, { headers }).then(r => r.ok),
      ),
    );
    if (found.every(Boolean)) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`the catalog did not serve ${expected.join(', ')} in time`);
}

let status = 1;
try {
  await waitForBackend(180_000);
  await waitForCatalog(120_000);
  console.log('== running browser tests');
  const r = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=1', ...(chosen.length ? chosen : [testDir])],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        E2E_BASE_URL: baseUrl,
        E2E_ARTIFACTS: artifacts,
        E2E_SANDBOX_FAULTS: sandboxFaults,
        E2E_LOCAL_REPOS: localRepos,
      },
    },
  );
  status = r.status ?? 1;
} finally {
  stop();
}
process.exit(status);
