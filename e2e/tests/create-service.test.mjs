// "Create a meshed service": fill the meshed-service wizard in Chromium, run it with local publishing,
// check the result page (local repository, Argo CD applications), and open the new component's page.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { baseUrl, launch, screenshot, signIn } from '../browser.mjs';

// A fresh name per run: the local repository and the catalog entity must not exist yet.
const name = `orders-${Date.now().toString(36)}`;
const description = 'Keeps the orders of the shop';

let browser;
// The local repository the wizard created, removed at the end so that later runs start clean.
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

test('a developer creates a meshed service through the wizard and lands on its page', async () => {
  const { page } = browser;
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));
  await signIn(page);

  await page.goto(`${baseUrl}/create`);
  // The innermost element holding the title and a Choose button: its template's card (the page
  // around the cards holds every template's title and button).
  const card = page
    .locator('div, article')
    .filter({ hasText: 'Create a meshed service' })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();

  // 1. Service
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  const owner = page.getByRole('combobox', { name: 'Owner' }).or(page.getByLabel('Owner')).first();
  await owner.click();
  await owner.fill('checkout');
  await page.getByRole('option', { name: 'Checkout', exact: true }).click();
  const system = page.getByRole('combobox', { name: 'System' }).or(page.getByLabel('System')).first();
  await system.click();
  await system.fill('shop');
  await page.getByRole('option', { name: 'shop', exact: true }).click();
  await screenshot(page, 'create-service-1-service');
  await next(page);

  // 2. Workload: the skeleton's own image, the defaults.
  await page.getByRole('textbox', { name: 'Health-check path' }).waitFor();
  await screenshot(page, 'create-service-2-workload');
  await next(page);

  // 3. Mesh: mesh-internal, STRICT mTLS, a 90/10 canary.
  await page.getByText('Run a canary').click();
  await page.getByRole('textbox', { name: 'Canary version' }).waitFor();
  await screenshot(page, 'create-service-3-mesh');
  await next(page);

  // 4. GitOps: local publishing (the default), one environment.
  await page.getByRole('textbox', { name: 'Repository name' }).fill(name);
  await screenshot(page, 'create-service-4-gitops');
  await page.getByRole('button', { name: 'Review' }).click();

  await page.getByText(name).first().waitFor();
  await screenshot(page, 'create-service-5-review');
  await page.getByRole('button', { name: 'Create' }).click();

  // The result page: the component link, the local repository and the Argo CD application.
  const open = page.getByRole('link', { name: 'Open in catalog' });
  await open.waitFor({ timeout: 120_000 });
  const clone = page.getByText('git clone file://');
  await clone.waitFor();
  createdRepository = (await clone.textContent()).match(/git clone file:\/\/(\S+)/)[1];
  assert.ok(createdRepository.endsWith(`/local-repos/${name}`), createdRepository);
  await screenshot(page, 'create-service-result');
  // The result page shows one text output at a time; the second lists the Argo CD applications.
  await page.getByTestId('output-box').getByRole('button', { name: 'Argo CD applications' }).click();
  await page.getByText(`${name}-dev`).first().waitFor();
  await screenshot(page, 'create-service-result-argocd');

  // The component page opens once the catalog has read the new repository's catalog-info.yaml.
  const href = await open.getAttribute('href');
  assert.equal(href, `/catalog/default/component/${name}`);
  await page.goto(`${baseUrl}${href}`);
  // The register step waited for the catalog, so the page normally renders at once; reload while
  // the catalog is still catching up.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const shown = await page
      .getByText(description)
      .first()
      .waitFor({ timeout: 15_000 })
      .then(() => true, () => false);
    if (shown) break;
    if (Date.now() > deadline) {
      await screenshot(page, 'create-service-component-missing');
      throw new Error(
        `component ${name} did not appear at ${page.url()}; page errors: ${pageErrors.join(' | ')}`,
      );
    }
    await page.reload();
  }
  assert.match(page.url(), new RegExp(`/catalog/default/component/${name}`));
  const ownerLink = page.locator('a[href="/catalog/default/group/checkout-team"]').first();
  assert.equal(await ownerLink.textContent(), 'Checkout');
  const systemLink = page.locator('a[href="/catalog/default/system/shop"]').first();
  assert.equal(await systemLink.textContent(), 'shop');
  await screenshot(page, 'create-service-component');
});
