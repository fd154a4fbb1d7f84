// A Backstage app we did not write: generated from the official @backstage/create-app template of our
// Backstage release, then switched from yarn to npm (no yarn here).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The create-app release of our Backstage line: its templates pin backend-defaults 0.18.0, cli 0.36.6,
 * scaffolder-backend 4.2.0, catalog-backend 4.0.0, catalog-react 3.2.3, core-plugin-api 1.12.10 and
 * frontend-plugin-api 0.18.1, the versions our plugins are built against (Backstage 1.55).
 */
export const CREATE_APP_VERSION = '0.9.2';

/** Runs a command, failing with its name and exit code; output goes to the console. */
export function run(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed with exit code ${r.status}`,
    );
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes the app into `appDir` with create-app's own templating (its `templatingTask` and version
 * table), as `npx @backstage/create-app` would. Its command line is not used: it refuses Node 20 and
 * stops without yarn. The default template is the new frontend system (`packages/app`); the template of
 * `--legacy` contributes its app as `packages/app-legacy`, so both frontend systems share one install
 * and one backend.
 */
export async function generateApp(workDir, appDir) {
  const toolDir = join(workDir, 'create-app');
  run(
    'npm',
    [
      'install',
      '--no-save',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      toolDir,
      `@backstage/create-app@${CREATE_APP_VERSION}`,
    ],
    workDir,
  );
  const pkgDir = join(toolDir, 'node_modules/@backstage/create-app');
  const { templatingTask } = createRequire(join(pkgDir, 'package.json'))(
    './dist/lib/tasks.cjs.js',
  );
  const context = { name: 'foreign-app', defaultBranch: 'main' };
  await templatingTask(join(pkgDir, 'templates/default-app'), appDir, context);
  await templatingTask(
    join(pkgDir, 'templates/legacy-app/packages/app'),
    join(appDir, 'packages/app-legacy'),
    context,
  );
  const legacy = readJson(join(appDir, 'packages/app-legacy/package.json'));
  writeJson(join(appDir, 'packages/app-legacy/package.json'), {
    ...legacy,
    name: 'app-legacy',
  });
  switchToNpm(appDir);
}

/**
 * Backstage 1.55's versions of the packages the template reaches only through its plugins' `^` ranges,
 * whose newest versions belong to Backstage 1.56 and bring a second `frontend-plugin-api` (1.0) and
 * `core-plugin-api`. yarn.lock's seed holds them at the release; npm needs overrides.
 */
const RELEASE_TRANSITIVES = {
  '@backstage/plugin-auth-react': '0.1.31',
  '@backstage/plugin-home-react': '0.1.42',
  '@backstage/plugin-kubernetes-react': '0.6.0',
};

/** The React 18 overrides npm needs for Material UI 4's React 16/17 peer ranges (yarn only warns). */
const MATERIAL_UI_REACT_18 = Object.fromEntries(
  [
    '@material-ui/core',
    '@material-ui/icons',
    '@material-ui/lab',
    '@material-ui/styles',
  ].map(name => [name, { react: '^18.0.2', 'react-dom': '^18.0.2' }]),
);

/**
 * The template's test libraries are older than the peer ranges of its own `@backstage/test-utils` and
 * `frontend-test-utils`; yarn only warns, npm refuses to install (ERESOLVE).
 */
const TEST_LIBRARIES = {
  '@testing-library/dom': '^10.0.0',
  '@testing-library/react': '^16.0.0',
};

/**
 * yarn → npm: `resolutions` become `overrides`, `yarn workspace X` scripts `npm -w X`, `link:` ranges
 * `file:`, the test libraries meet their peer ranges, yarn's files go. Each `@backstage/*` range of the template is pinned to the version the
 * template wrote: with yarn, create-app seeds yarn.lock with the release's versions; npm has no seed and
 * would take the newest of each range, which mixes release lines.
 */
function switchToNpm(appDir) {
  const root = readJson(join(appDir, 'package.json'));
  const { packageManager, resolutions, ...rest } = root;
  void packageManager;
  rest.overrides = {
    ...resolutions,
    ...MATERIAL_UI_REACT_18,
    ...RELEASE_TRANSITIVES,
  };
  rest.scripts = Object.fromEntries(
    Object.entries(rest.scripts).map(([name, script]) => [
      name,
      script.replace(/^yarn workspace (\S+) (\S+)/, 'npm run $2 -w $1'),
    ]),
  );
  writeJson(join(appDir, 'package.json'), pinBackstage(rest));
  for (const pkg of ['app', 'app-legacy', 'backend']) {
    const file = join(appDir, 'packages', pkg, 'package.json');
    const json = pinBackstage(readJson(file));
    for (const name of Object.keys(TEST_LIBRARIES)) {
      if (json.devDependencies?.[name])
        json.devDependencies[name] = TEST_LIBRARIES[name];
    }
    for (const [name, range] of Object.entries(json.dependencies)) {
      json.dependencies[name] = range.replace(/^link:/, 'file:');
    }
    writeJson(file, json);
  }
  for (const yarnFile of ['.yarn', '.yarnrc.yml', 'yarn.lock']) {
    rmSync(join(appDir, yarnFile), { recursive: true, force: true });
  }
}

function pinBackstage(pkg) {
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (name.startsWith('@backstage/'))
        pkg[field][name] = range.replace(/^\^/, '');
    }
  }
  return pkg;
}
