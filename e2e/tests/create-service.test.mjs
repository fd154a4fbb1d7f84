// "Create a meshed service": fill the meshed-service wizard in Chromium, run it with local publishing,
// check the result page (local repository, Argo CD applications), and open the new component's page.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { launch, screenshot, signIn } from '../browser.mjs';
import { chooseTemplate, createLocally, next, openEntityPage, pick } from '../wizard.mjs';

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

test('a developer creates a meshed service through the wizard and lands on its page', async () => {
  const { page } = browser;
  const pageErrors = [];
  page.on('pageerror', error => pageErrors.push(error.message));
  await signIn(page);

  await chooseTemplate(page, 'Create a meshed service');

  // 1. Service
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  await pick(page, 'Owner', 'checkout', 'Checkout');
  await pick(page, 'System', 'shop', 'shop');
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

  // The result page: the component link, the local repository and the Argo CD application.
  const { href, repository } = await createLocally(page, name);
  createdRepository = repository;
  await screenshot(page, 'create-service-result');
  // The result page shows one text output at a time; the second lists the Argo CD applications.
  await page.getByTestId('output-box').getByRole('button', { name: 'Argo CD applications' }).click();
  await page.getByText(`${name}-dev`).first().waitFor();
  await screenshot(page, 'create-service-result-argocd');

  // The component page opens once the catalog has read the new repository's catalog-info.yaml.
  assert.equal(href, `/catalog/default/component/${name}`);
  await openEntityPage(page, href, description, () => `; page errors: ${pageErrors.join(' | ')}`);
  assert.match(page.url(), new RegExp(`/catalog/default/component/${name}`));
  const ownerLink = page.locator('a[href="/catalog/default/group/checkout-team"]').first();
  assert.equal(await ownerLink.textContent(), 'Checkout');
  const systemLink = page.locator('a[href="/catalog/default/system/shop"]').first();
  assert.equal(await systemLink.textContent(), 'shop');
  await screenshot(page, 'create-service-component');
});
