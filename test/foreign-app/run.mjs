// Foreign-app test (CI step of `npm test`): the plugins as users get them — built, packed, installed from
// the tarballs into an app generated from Backstage's create-app template, following the README's
// installation steps — then the node:test files in tests/ against that app's backend and both
// frontends. Prints the time of each step. Logs: test-results/foreign-app/. The app is generated in a
// temporary directory and removed afterwards (FOREIGN_APP_KEEP=1 keeps it).
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../production/lib/processes.mjs';
import { generateApp, run } from './lib/generate.mjs';
import {
  applyCodeSteps,
  installationBlocks,
  installCommands,
} from './lib/readme.mjs';
import {
  BACKEND_URL,
  LEGACY_URL,
  configArgs,
  serveStatic,
  startBackend,
  testConfig,
} from './lib/app.mjs';

/** Roadie's Argo CD plugin, the version packages/app uses; its `./alpha` is checked in the new-system app. */
const ROADIE_ARGO_CD = ['@roadiehq/backstage-plugin-argo-cd', '2.12.5'];

const times = [];
async function step(name, fn) {
  console.log(`== ${name}`);
  const started = Date.now();
  const result = await fn();
  times.push([name, (Date.now() - started) / 1000]);
  return result;
}

const artifacts = join(ROOT, 'test-results/foreign-app');
mkdirSync(artifacts, { recursive: true });
const workDir = mkdtempSync(join(tmpdir(), 'meshport-foreign-app-'));
const appDir = join(workDir, 'app');
const tarballDir = join(workDir, 'tarballs');
// --prefer-offline: package metadata already in the machine's npm cache is used without asking the
// registry again (the app's versions are pinned); it halved the install (10 min to 6) here.
const npmInstall = args =>
  run('npm', [...args, '--prefer-offline', '--no-audit', '--no-fund'], appDir);

let status = 1;
let backend;
let legacyServer;
const started = Date.now();
try {
  await step('build the plugins (npm run build)', () =>
    run('npm', ['run', 'build'], ROOT),
  );
  const tarballs = await step('pack the plugins (npm pack)', () => {
    mkdirSync(tarballDir);
    run(
      'npm',
      ['pack', '--workspace', 'plugins', '--pack-destination', tarballDir],
      ROOT,
    );
    return Object.fromEntries(
      readdirSync(tarballDir).map(file => {
        const path = join(tarballDir, file);
        const r = spawnSync('tar', ['-xzOf', path, 'package/package.json'], {
          encoding: 'utf8',
        });
        return [JSON.parse(r.stdout).name, path];
      }),
    );
  });
  await step(
    `generate the app (@backstage/create-app templates, switched to npm)`,
    async () => {
      await generateApp(workDir, appDir);
      prepareApp(appDir, tarballs);
    },
  );
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = installationBlocks(readme);
  for (const args of installCommands(blocks, tarballs)) {
    await step(
      `README: npm ${args.join(' ').replaceAll(tarballDir, '<tarballs>')}`,
      () => npmInstall(args),
    );
  }
  await step('README: code and configuration steps', () =>
    applyCodeSteps(appDir, blocks),
  );
  writeFileSync(
    join(appDir, 'app-config.test.yaml'),
    JSON.stringify(testConfig(join(workDir, 'local-repos'))),
  );
  writeFileSync(
    join(appDir, 'app-config.legacy.yaml'),
    JSON.stringify({ app: { baseUrl: LEGACY_URL } }),
  );
  await step('build the new-system app (packages/app)', () =>
    run(
      'npx',
      ['backstage-cli', 'package', 'build', ...configArgs(appDir)],
      join(appDir, 'packages/app'),
    ),
  );
  await step('build the legacy app (packages/app-legacy)', () =>
    run(
      'npx',
      [
        'backstage-cli',
        'package',
        'build',
        ...configArgs(appDir, join(appDir, 'app-config.legacy.yaml')),
      ],
      join(appDir, 'packages/app-legacy'),
    ),
  );
  let failed = await step('tests: configuration', () =>
    runTests('config.test.mjs'),
  );
  backend = await step('start the backend with the sandbox', async () => {
    const started = startBackend(appDir, join(artifacts, 'backend.log'));
    await waitForCatalog(started);
    return started;
  });
  legacyServer = await serveStatic(join(appDir, 'packages/app-legacy/dist'));
  failed =
    (await step('tests: the running app', () => runTests('app.test.mjs'))) ||
    failed;
  status = failed ? 1 : 0;
} finally {
  await backend?.stop();
  legacyServer?.close();
  if (process.env.FOREIGN_APP_KEEP !== '1') {
    await step('remove the generated app', () =>
      rmSync(workDir, { recursive: true, force: true }),
    );
  }
  times.push(['total', (Date.now() - started) / 1000]);
  console.log('== foreign-app test times');
  for (const [name, seconds] of times)
    console.log(`${seconds.toFixed(1).padStart(7)} s  ${name}`);
}
process.exit(status);

/**
 * What the test adds to the generated app, beside the README's steps: the tarballs stand in for the
 * registry for the `@meshport/*` packages the plugins depend on (npm `overrides`), and the new-system
 * app gets Roadie's Argo CD plugin, which it discovers like ours.
 */
function prepareApp(dir, tarballs) {
  const rootFile = join(dir, 'package.json');
  const root = JSON.parse(readFileSync(rootFile, 'utf8'));
  for (const path of Object.values(tarballs)) {
    const r = spawnSync('tar', ['-xzOf', path, 'package/package.json'], {
      encoding: 'utf8',
    });
    for (const dep of Object.keys(JSON.parse(r.stdout).dependencies ?? {})) {
      if (tarballs[dep]) root.overrides[dep] = `file:${tarballs[dep]}`;
    }
  }
  writeFileSync(rootFile, `${JSON.stringify(root, null, 2)}\n`);
  const appFile = join(dir, 'packages/app/package.json');
  const app = JSON.parse(readFileSync(appFile, 'utf8'));
  const [name, version] = ROADIE_ARGO_CD;
  app.dependencies[name] = version;
  writeFileSync(appFile, `${JSON.stringify(app, null, 2)}\n`);
}

/**
 * Runs one node:test file of tests/ against the app; true when it failed. Asynchronous, so that this
 * process keeps serving the legacy app meanwhile.
 */
function runTests(file) {
  const child = spawn(
    process.execPath,
    ['--test', join(ROOT, 'test/foreign-app/tests', file)],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        FOREIGN_APP_DIR: appDir,
        E2E_ARTIFACTS: artifacts,
      },
    },
  );
  return new Promise(resolve =>
    child.once('exit', code => resolve(code !== 0)),
  );
}

/** The backend is ready and its catalog holds the example component and the template. */
async function waitForCatalog(proc) {
  const until = Date.now() + 300_000;
  const refs = [
    'component/default/checkout',
    'template/default/meshed-service',
  ];
  while (Date.now() < until) {
    if (!proc.isRunning())
      throw new Error(
        'the backend exited; see test-results/foreign-app/backend.log',
      );
    try {
      const auth = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`).then(
        r => r.json(),
      );
      const headers = {
        Authorization: `Bearer ${auth.backstageIdentity.token}`,
      };
      const found = await Promise.all(
        refs.map(ref =>
          fetch(`${BACKEND_URL}/api/catalog/entities/by-name/${ref}`, {
            headers,
          }).then(r => r.ok),
        ),
      );
      if (found.every(Boolean)) return;
    } catch {
      // not listening yet
    }
    await sleep(2000);
  }
  throw new Error(
    `the backend did not serve ${refs.join(', ')} within 5 minutes`,
  );
}
