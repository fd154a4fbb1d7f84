// The plugins installed from their tarballs into the generated app, against its running backend
// (test/foreign-app/run.mjs starts it): one copy of the shared packages, the scaffolder action, and the
// Service Mesh tab in both frontend systems, with Roadie's Argo CD cards beside it in the new one.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { launch, screenshot } from '../../../e2e/browser.mjs';
import { BACKEND_URL, LEGACY_URL } from '../lib/app.mjs';

const appDir = process.env.FOREIGN_APP_DIR;
const artifacts = process.env.E2E_ARTIFACTS;
let browser;
let token;

before(async () => {
  const res = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`);
  token = (await res.json()).backstageIdentity.token;
  browser = await launch();
});
after(async () => {
  await browser?.context.close();
});

/**
 * Every installed copy of `name` in the app: its node_modules folders at any depth, except those inside
 * Roadie's Argo CD plugin, which asks for an older Backstage line (see the README's Roadie section).
 */
function copiesOf(name) {
  const found = [];
  const visit = modules => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@')
        ? readdirSync(join(modules, entry)).map(sub =>
            join(modules, entry, sub),
          )
        : [join(modules, entry)];
      for (const dir of dirs) {
        if (entry === '@roadiehq') continue;
        if (relative(modules, dir) === name) found.push(relative(appDir, dir));
        visit(join(dir, 'node_modules'));
      }
    }
  };
  visit(join(appDir, 'node_modules'));
  for (const pkg of readdirSync(join(appDir, 'packages'))) {
    visit(join(appDir, 'packages', pkg, 'node_modules'));
  }
  return found;
}

test('the app holds one copy of react and of the Backstage plugin APIs', () => {
  for (const name of [
    'react',
    '@backstage/core-plugin-api',
    '@backstage/frontend-plugin-api',
    '@backstage/backend-plugin-api',
  ]) {
    assert.deepEqual(
      copiesOf(name),
      [`node_modules/${name}`],
      `copies of ${name}`,
    );
  }
  // The plugins came from the tarballs, not from this workspace's sources.
  for (const name of [
    'plugin-service-mesh',
    'plugin-service-mesh-backend',
    'plugin-service-mesh-common',
  ]) {
    const pkg = JSON.parse(
      readFileSync(
        join(appDir, 'node_modules/@meshport', name, 'package.json'),
        'utf8',
      ),
    );
    assert.match(
      pkg.main,
      /^\.?\/?dist\//,
      `@meshport/${name} main is built code`,
    );
  }
});

test('the new-system app discovers installed plugins (app.packages: all, as the README says)', () => {
  const config = parse(readFileSync(join(appDir, 'app-config.yaml'), 'utf8'));
  assert.equal(config.app.packages, 'all');
});

test('the scaffolder lists the generator action', async () => {
  const res = await fetch(`${BACKEND_URL}/api/scaffolder/v2/actions`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  const ids = (await res.json()).map(action => action.id);
  assert.ok(
    ids.includes('meshport:service:generate'),
    `actions: ${ids.join(', ')}`,
  );
});

/**
 * Opens checkout's Service Mesh tab in the app at `baseUrl` and checks every environment the backend
 * answered the page with: its section, Argo CD sync and the sandbox label.
 */
async function checkServiceMeshTab(page, baseUrl, name) {
  const statusResponse = page.waitForResponse(
    r =>
      /\/entities\/component\/default\/checkout\/status$/i.test(r.url()) &&
      r.status() === 200,
    { timeout: 120_000 },
  );
  await page.goto(`${baseUrl}/catalog/default/component/checkout/service-mesh`);
  // Guest sign-in: the new-system app asks, the legacy app (auto) does not.
  const enter = page.getByRole('button', { name: 'Enter' });
  await Promise.race([enter.waitFor({ timeout: 120_000 }), statusResponse]);
  if (await enter.isVisible()) await enter.click();
  const status = await (await statusResponse).json();
  assert.equal(status.sandbox, true);
  assert.deepEqual(
    status.environments.map(env => env.name),
    ['dev', 'staging', 'prod'],
  );
  await page
    .getByText('At a glance', { exact: true })
    .waitFor({ timeout: 60_000 });
  for (const env of status.environments) {
    const section = page.getByRole('region', { name: env.name, exact: true });
    await section.waitFor();
    assert.equal(env.argocd.state, 'ok', `${env.name}: Argo CD answered`);
    await section.getByTitle(`Sync: ${env.argocd.data.sync.status}`).waitFor();
    await section.getByText('Sandbox data').first().waitFor();
  }
  await screenshot(page, `${name}-service-mesh-tab`);
}

test("new frontend system: checkout's Service Mesh tab shows the sandbox data", async () => {
  await checkServiceMeshTab(browser.page, BACKEND_URL, 'new-system');
});

test("new frontend system: Roadie's Argo CD cards show checkout's applications", async () => {
  const { page } = browser;
  await page.goto(`${BACKEND_URL}/catalog/default/component/checkout`);
  const overview = page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Health Status' }) });
  for (const app of ['checkout-dev', 'checkout-staging', 'checkout-prod']) {
    await overview.getByText(app, { exact: true }).waitFor({ timeout: 60_000 });
  }
  await screenshot(page, 'new-system-overview');
});

test("legacy frontend system: checkout's Service Mesh tab shows the sandbox data", async () => {
  await checkServiceMeshTab(browser.page, LEGACY_URL, 'legacy');
});
