// Roadie's Argo CD cards (@roadiehq/backstage-plugin-argo-cd, unmodified) beside Meshport on the checkout
// component, both reading the sandbox's Argo CD: Roadie through /api/proxy/argocd/api, Meshport through
// its status API. Every value compared is read from the page.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launch, screenshot, signIn } from '../browser.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.context.close();
});

/** The rows of a Backstage table (material-table) as arrays of cell texts, without its padding rows. */
async function rows(table) {
  const result = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('td').allTextContents()).map(t =>
      t.trim(),
    );
    if (cells.length > 0) result.push(cells);
  }
  return result;
}

/** The table whose column headers include `column`. */
const tableWith = (page, column) =>
  page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: column }) });

test("Roadie's Argo CD cards and Meshport's tab show the same applications, sync, health and revision", async () => {
  const { page } = browser;
  await signIn(page);
  const roadieCalls = [];
  page.on('response', r => {
    if (r.url().includes('/api/proxy/argocd/api/')) {
      roadieCalls.push({ url: r.url(), status: r.status() });
    }
  });
  await page.goto(`${baseUrl}/catalog/default/component/checkout`);

  // Roadie's overview card: Name, Sync Status, Health Status, Last Synced.
  const overview = tableWith(page, 'Health Status');
  await overview.locator('tbody tr').nth(2).waitFor();
  const roadie = new Map();
  for (const [name, sync, health] of await rows(overview)) {
    roadie.set(name, { sync, health });
  }
  // Roadie's history card (argocd.revisionsToLoad: 1): each application's newest deployment.
  const history = tableWith(page, 'Deploy Details');
  await history.locator('tbody tr').nth(2).waitFor();
  // Author and message arrive one metadata call per row; wait until none says "Loading...".
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('table tbody td')].some(
        td => td.textContent === 'Loading...',
      ),
  );
  for (const cells of await rows(history)) {
    const [name, , author, message, revision] = cells;
    assert.ok(roadie.has(name), `history row for ${name}`);
    // checkout lives in the local repository the sandbox seeded: its newest commit, for every app.
    assert.equal(author, 'Meshport sandbox <sandbox@meshport.invalid>');
    assert.equal(message, 'checkout 1.8.0: split baskets by warehouse');
    roadie.get(name).revision = revision;
  }
  assert.equal(roadie.size, 3, 'Roadie shows the three checkout applications');
  // The proxy answered every call Roadie made: the list by selector and project, then the metadata.
  assert.ok(
    roadieCalls.some(c =>
      /\/applications\?selector=app\.kubernetes\.io%2Fname%3Dcheckout&project=shop$/.test(
        c.url,
      ),
    ),
    JSON.stringify(roadieCalls),
  );
  assert.deepEqual(
    roadieCalls.filter(c => c.status !== 200),
    [],
    'no failed Roadie call',
  );
  await overview.scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1440, height: 2200 });
  await page.waitForTimeout(500);
  await screenshot(page, 'roadie-argocd-overview');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Meshport's tab: one section per environment.
  await page.getByRole('tab', { name: 'Service Mesh' }).click();
  await page.getByText('At a glance', { exact: true }).waitFor();
  const meshport = new Map();
  for (const environment of ['dev', 'staging', 'prod']) {
    const section = page.getByRole('region', {
      name: environment,
      exact: true,
    });
    await section.waitFor();
    const link = section.getByRole('link', { name: /in Argo CD/ }).first();
    const name = (await link.textContent()).replace(/ in Argo CD.*$/, '');
    const title = async prefix =>
      (
        await section
          .locator(`[title^="${prefix}: "]`)
          .first()
          .getAttribute('title')
      ).slice(prefix.length + 2);
    const revision = await section
      .locator('p', { hasText: /^Revision:/ })
      .locator('code')
      .getAttribute('title');
    meshport.set(name, {
      sync: await title('Sync'),
      health: await title('Health'),
      revision,
    });
  }
  assert.deepEqual([...meshport.keys()].sort(), [
    'checkout-dev',
    'checkout-prod',
    'checkout-staging',
  ]);
  for (const [name, shown] of meshport) {
    assert.deepEqual(
      roadie.get(name),
      shown,
      `${name}: Roadie and Meshport agree`,
    );
  }
});
