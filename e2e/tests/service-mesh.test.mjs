// Service Mesh plugin in the running portal (sandbox mode): the checkout component's tab, its overview
// card, Refresh and Sync as a permitted user, and the mesh overview page. Values on screen are
// compared with what the backend answers for the same guest.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  artifacts,
  baseUrl,
  guestApi,
  launch,
  screenshot,
  signIn,
} from '../browser.mjs';

let browser;
let api;

// The same formatting as the plugin's, so that values can be compared with the backend's numbers.
const percent = v =>
  v === null ? 'no data' : `${Number((v * 100).toFixed(2))} %`;
const ms = v =>
  v === null
    ? 'no data'
    : v >= 1000
      ? `${Number((v / 1000).toFixed(2))} s`
      : `${Number(v.toFixed(1))} ms`;

/**
 * A screenshot of the whole scrolling page, or of its first `maxHeight` pixels (Backstage scrolls
 * inside its layout, not the window, so the viewport is grown instead).
 */
async function tallScreenshot(page, name, maxHeight = 7000) {
  const height = await page.evaluate(() =>
    Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight)),
  );
  await page.setViewportSize({
    width: 1440,
    height: Math.min(height + 50, maxHeight),
  });
  await page.waitForTimeout(500);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1440, height: 900 });
}

before(async () => {
  browser = await launch();
  api = await guestApi();
});
after(async () => {
  await browser?.context.close();
});

test("the checkout component's Service Mesh tab shows every environment with the backend's values", async () => {
  const { page } = browser;
  await signIn(page);
  await page.goto(`${baseUrl}/catalog/default/component/checkout`);
  // The overview card has loaded its own status first.
  await page
    .getByRole('table', { name: 'Service mesh per environment' })
    .waitFor();
  // Compare with the very answer the tab renders: sandbox values move with the clock.
  const statusResponse = page.waitForResponse(
    r =>
      /\/entities\/component\/default\/checkout\/status$/i.test(r.url()) &&
      r.status() === 200,
  );
  await page.getByRole('tab', { name: 'Service Mesh' }).click();
  const status = await (await statusResponse).json();
  assert.equal(status.sandbox, true, 'the portal runs on sandbox data');
  assert.ok(status.environments.length >= 1);
  await page.waitForURL(
    /\/catalog\/default\/component\/checkout\/service-mesh$/,
  );
  await page.getByText('At a glance', { exact: true }).waitFor();
  assert.ok(
    (await page.getByText('Sandbox data').count()) >=
      status.environments.length,
  );

  for (const env of status.environments) {
    const section = page.getByRole('region', { name: env.name, exact: true });
    await section.waitFor();
    await section
      .getByText(`Namespace ${env.namespace} · workload ${env.workload}`)
      .waitFor();
    const app = env.argocd.data;
    assert.equal(env.argocd.state, 'ok', `${env.name}: Argo CD answered`);
    await section.getByTitle(`Sync: ${app.sync.status}`).waitFor();
    await section.getByTitle(`Health: ${app.health.status}`).waitFor();
    const sha = section
      .getByText(app.sync.revision.slice(0, 7), { exact: true })
      .first();
    assert.equal(await sha.getAttribute('title'), app.sync.revision);
    // checkout lives in a local repository (file://): there is no commit page to link to.
    assert.equal(app.sources[0].repoURL.startsWith('file://'), true);
    assert.equal(await sha.locator('xpath=ancestor::a').count(), 0);
    await section.getByTitle(`mTLS verdict: ${env.mtls.verdict}`).waitFor();
    const current = section.getByRole('table', {
      name: 'Current golden signals',
    });
    const errorRow = current
      .getByRole('row')
      .filter({ hasText: 'Error ratio' });
    assert.equal(
      await errorRow.getByRole('cell').nth(1).textContent(),
      percent(env.signals.data.errorRatio),
    );
    const p99Row = current.getByRole('row').filter({ hasText: 'Latency p99' });
    assert.equal(
      await p99Row.getByRole('cell').nth(1).textContent(),
      ms(env.signals.data.latencyP99Ms),
    );
    // Charts load from the separate signals call and say in words what they show.
    await section.getByText(/^Requests\/s: min .* last /).waitFor();
    await section.getByText(/^p50: min .* p99: min /).waitFor();
    assert.equal(
      await section
        .getByRole('list', { name: 'Links' })
        .getByRole('link')
        .count(),
      env.links.length,
    );
  }
  await tallScreenshot(page, 'service-mesh-tab');
  // The top of the tab (at a glance, first environment) for the plugin README.
  await tallScreenshot(page, 'service-mesh-tab-top', 1900);
});

test('the range selector reloads the charts for 7 days', async () => {
  const { page } = browser;
  const prod = page.getByRole('region', { name: 'prod', exact: true });
  const signals = page.waitForResponse(
    // The tab names the environment by its id (instance:appNamespace/app).
    r =>
      r.url().includes('/signals?') &&
      decodeURIComponent(r.url()).includes(
        'environment=sandbox:argocd/checkout-prod',
      ) &&
      r.url().includes('range=7d'),
  );
  // The charts' range selector (the topology card has its own).
  const charts = prod.getByRole('group', { name: 'Time range', exact: true });
  await charts.getByRole('button', { name: 'Last 7 d' }).click();
  assert.equal((await signals).status(), 200);
  assert.equal(
    await charts
      .getByRole('button', { name: 'Last 7 d' })
      .getAttribute('aria-pressed'),
    'true',
  );
  await prod.getByText(/^Requests\/s: min /).waitFor();
});

test('a history entry loads its commit metadata when opened', async () => {
  const { page } = browser;
  const status = await api('/entities/component/default/checkout/status');
  const app = status.environments.find(e => e.name === 'prod').argocd.data;
  const latest = [...app.history].sort((a, b) => b.id - a.id)[0];
  const metadata = await api(
    `/entities/component/default/checkout/argocd/${app.instance}/applications/${app.name}/revisions/${latest.revision}/metadata?appNamespace=${app.appNamespace}`,
  );
  const prod = page.getByRole('region', { name: 'prod', exact: true });
  const request = page.waitForRequest(r =>
    r.url().includes(`/revisions/${latest.revision}/metadata`),
  );
  await prod.getByRole('button', { name: `Deployment ${latest.id}` }).click();
  await request;
  await prod.getByText(metadata.message, { exact: true }).waitFor();
});

test('a permitted user refreshes and syncs the prod application after confirming', async () => {
  const { page } = browser;
  const prod = page.getByRole('region', { name: 'prod', exact: true });

  await prod.getByRole('button', { name: 'Refresh', exact: true }).click();
  const refreshDialog = page.getByRole('dialog');
  await refreshDialog
    .getByText(/Argo CD re-reads Git for checkout-prod/)
    .waitFor();
  const refreshed = page.waitForResponse(r =>
    r.url().endsWith('/refresh?appNamespace=argocd'),
  );
  await refreshDialog.getByRole('button', { name: 'Confirm refresh' }).click();
  assert.equal((await refreshed).status(), 200);
  await prod.getByText(/^Refresh of checkout-prod: /).waitFor();

  await prod.getByRole('button', { name: 'Sync', exact: true }).click();
  const syncDialog = page.getByRole('dialog');
  await syncDialog.getByText(/Argo CD applies checkout-prod/).waitFor();
  const synced = page.waitForResponse(r =>
    r.url().endsWith('/sync?appNamespace=argocd'),
  );
  await syncDialog.getByRole('button', { name: 'Confirm sync' }).click();
  const answer = await (await synced).json();
  assert.equal(answer.result, 'Requested');
  // Argo CD only records the requested operation; the tab follows it until the status reports it done.
  const sync = `Sync of checkout-prod to ${answer.revision.slice(0, 7)}`;
  await prod.getByText(`${sync}: requested.`, { exact: false }).waitFor();
  await prod
    .getByText(new RegExp(`^${sync}: Succeeded`))
    .waitFor({ timeout: 20_000 });
  await prod.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, 'service-mesh-sync.png') });
});

test("the Overview tab's card shows one row per environment and links to the tab", async () => {
  const { page } = browser;
  const status = await api('/entities/component/default/checkout/status');
  await page.goto(`${baseUrl}/catalog/default/component/checkout`);
  const table = page.getByRole('table', {
    name: 'Service mesh per environment',
  });
  await table.waitFor();
  assert.equal(
    await table.getByRole('row').count(),
    status.environments.length + 1,
  );
  await table.getByRole('link', { name: 'prod', exact: true }).click();
  await page.waitForURL(/\/service-mesh#service-mesh-env-prod$/);
  await page.getByRole('region', { name: 'prod', exact: true }).waitFor();
});

test('the mesh overview page lists every service and environment and filters by state', async () => {
  const { page } = browser;
  const overview = await api('/overview');
  await page.getByRole('link', { name: 'Service Mesh' }).first().click();
  await page.waitForURL(/\/service-mesh$/);
  const total = overview.rows.length;
  await page.getByText(`Services (${total} of ${total})`).waitFor();
  assert.equal(await page.getByText('Sandbox data').count(), 1);
  await tallScreenshot(page, 'service-mesh-overview');

  const outOfSync = overview.rows.filter(r => r.sync === 'OutOfSync');
  await page
    .getByRole('button', { name: /^State/ })
    .and(page.locator('[aria-haspopup="listbox"]'))
    .click();
  await page.getByRole('option', { name: 'Out of sync' }).click();
  await page.getByText(`Services (${outOfSync.length} of ${total})`).waitFor();
  for (const row of outOfSync) {
    const tr = page
      .getByRole('row')
      .filter({ hasText: row.title ?? row.workload })
      .filter({ hasText: row.environment });
    await tr.getByText('OutOfSync').waitFor();
  }
});

test('the charts follow the dark theme', async () => {
  const { page } = browser;
  const gridStroke = async () => {
    await page.goto(
      `${baseUrl}/catalog/default/component/checkout/service-mesh`,
    );
    const prod = page.getByRole('region', { name: 'prod', exact: true });
    await prod.getByText(/^Requests\/s: min/).waitFor();
    return prod
      .locator('.recharts-cartesian-grid line')
      .first()
      .getAttribute('stroke');
  };
  assert.equal(await gridStroke(), 'rgba(0, 0, 0, 0.12)');
  // The app's theme switch (Settings) stores the choice here.
  await page.evaluate(() => localStorage.setItem('theme', 'dark'));
  try {
    assert.equal(await gridStroke(), 'rgba(255, 255, 255, 0.12)');
    const prod = page.getByRole('region', { name: 'prod', exact: true });
    await prod
      .getByText('Golden signals', { exact: true })
      .scrollIntoViewIfNeeded();
    await page.screenshot({
      path: join(artifacts, 'service-mesh-tab-dark.png'),
    });
  } finally {
    await page.evaluate(() => localStorage.removeItem('theme'));
  }
});
