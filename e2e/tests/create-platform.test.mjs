// "Create a mesh platform": fill the mesh-platform wizard in Chromium, run it with local publishing,
// open the new platform's System page and its control plane's Resource page; and the example
// platform's Resources in the mesh overview.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { baseUrl, guestApi, launch, screenshot, signIn } from '../browser.mjs';

// A fresh name per run: the local repository and the catalog entities must not exist yet.
const name = `mesh-${Date.now().toString(36)}`;
const description = 'The mesh of the e2e run';

let browser;
let createdRepository;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.context.close();
  if (createdRepository?.endsWith(`/${name}`)) {
    rmSync(createdRepository, { recursive: true, force: true });
  }
});

async function next(page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

test('a platform engineer creates a mesh platform through the wizard and lands on its System', async () => {
  const { page } = browser;
  await signIn(page);

  await page.goto(`${baseUrl}/create`);
  // The innermost element holding the title and a Choose button: its template's card (the page
  // around the cards holds every template's title and button).
  const card = page
    .locator('div, article')
    .filter({ hasText: 'Create a mesh platform' })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();

  // 1. Platform: name, owner, the default cluster (Argo CD's own).
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  const owner = page.getByRole('combobox', { name: 'Owner' }).or(page.getByLabel('Owner')).first();
  await owner.click();
  await owner.fill('platform');
  await page.getByRole('option', { name: /platform/i }).first().click();
  await screenshot(page, 'create-platform-1-platform');
  await next(page);

  // 2. Mesh and 3. Observability: the defaults (istio-csr, LoadBalancer, small, install everything).
  await page.getByText('Certificate authority').first().waitFor();
  await screenshot(page, 'create-platform-2-mesh');
  await next(page);
  await page.getByText('Prometheus').first().waitFor();
  await next(page);

  // 4. GitOps: local publishing.
  await page.getByRole('textbox', { name: 'Repository name' }).fill(name);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByText(name).first().waitFor();
  await page.getByRole('button', { name: 'Create' }).click();

  const open = page.getByRole('link', { name: 'Open in catalog' });
  await open.waitFor({ timeout: 120_000 });
  const clone = page.getByText('git clone file://');
  await clone.waitFor();
  createdRepository = (await clone.textContent()).match(/git clone file:\/\/(\S+)/)[1];
  assert.ok(createdRepository.endsWith(`/local-repos/${name}`), createdRepository);
  await screenshot(page, 'create-platform-result');

  const href = await open.getAttribute('href');
  assert.equal(href, `/catalog/default/system/${name}`);
  await page.goto(`${baseUrl}${href}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const shown = await page
      .getByText(description)
      .first()
      .waitFor({ timeout: 15_000 })
      .then(() => true, () => false);
    if (shown) break;
    if (Date.now() > deadline) throw new Error(`system ${name} did not appear at ${page.url()}`);
    await page.reload();
  }
  await screenshot(page, 'create-platform-system');
  // Its Resources are in the catalog too: the control plane's page, in the System.
  await page.goto(`${baseUrl}/catalog/default/resource/${name}-control-plane`);
  await page
    .getByText(`Istio control plane of the ${name} platform, deployed by Argo CD`)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.locator(`a[href="/catalog/default/system/${name}"]`).first().waitFor();
  await screenshot(page, 'create-platform-control-plane');
});

test("the example platform's components show in the mesh overview", async () => {
  const api = await guestApi();
  const overview = await api('/overview');
  const refs = new Set(overview.rows.map(r => r.entityRef));
  for (const resource of [
    'certificate-authority',
    'control-plane',
    'gateway',
    'prometheus',
    'grafana',
    'kiali',
    'jaeger',
  ]) {
    assert.ok(refs.has(`resource:default/mesh-${resource}`), resource);
  }
});
