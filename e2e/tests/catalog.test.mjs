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

test('a guest signs in and sees the example estate in the catalog', async () => {
  const { page } = browser;
  await signIn(page);
  // Component links are told apart from owner links (groups have display names too) by their href.
  const componentLink = name => page.locator(`a[href="/catalog/default/component/${name}"]`);
  await componentLink('checkout').first().waitFor();
  const titles = {
    checkout: 'Checkout',
    payments: 'Payments',
    'catalog-api': 'Product catalog API',
    recommendations: 'Recommendations',
    'auth-service': 'Auth service',
  };
  for (const [name, title] of Object.entries(titles)) {
    assert.equal((await componentLink(name).first().textContent())?.trim(), title, name);
  }
  await screenshot(page, 'catalog');
});

test("an example component's page shows its owner, system and description", async () => {
  const { page } = browser;
  await page.goto(`${baseUrl}/catalog/default/component/checkout`);
  await page.getByText('Takes a basket to an order. Runs a canary of v2 next to v1.').waitFor();
  const owner = page.locator('a[href="/catalog/default/group/checkout-team"]').first();
  assert.equal(await owner.textContent(), 'Checkout');
  const system = page.locator('a[href="/catalog/default/system/shop"]').first();
  assert.equal(await system.textContent(), 'shop');
  await screenshot(page, 'component-checkout');
});
