// Shared steps of the scaffolder wizard tests: pick a template's card, page through the form, pick an
// entity in a picker, create and read the result page, wait for the new entity's page.
import assert from 'node:assert/strict';
import { baseUrl } from './browser.mjs';

/** Opens /create and chooses the card of the template titled `title`. */
export async function chooseTemplate(page, title) {
  await page.goto(`${baseUrl}/create`);
  // The innermost element holding the title and a Choose button: its template's card (the page
  // around the cards holds every template's title and button).
  const card = page
    .locator('div, article')
    .filter({ hasText: title })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
  await card.getByRole('button', { name: 'Choose' }).click();
}

/** The wizard's next page. */
export async function next(page) {
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Types `search` into the entity picker labelled `label` and picks the option `option` (exact text or a RegExp). */
export async function pick(page, label, search, option) {
  // The label alone, or with the asterisk of a required field (a select's name adds its value).
  const name = new RegExp(`^${label}(\\s*\\*)?$`);
  const field = page.getByRole('combobox', { name }).or(page.getByLabel(name)).first();
  await field.click();
  await field.fill(search);
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}

/**
 * Reviews and creates, then reads the result page: the link to the new entity and the local
 * repository that `git clone` names (it must end in `/local-repos/<repoName>`).
 */
export async function createLocally(page, repoName) {
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByText(repoName).first().waitFor();
  await page.getByRole('button', { name: 'Create' }).click();
  const open = page.getByRole('link', { name: 'Open in catalog' });
  await open.waitFor({ timeout: 120_000 });
  const clone = page.getByText('git clone file://');
  await clone.waitFor();
  const repository = (await clone.textContent()).match(/git clone file:\/\/(\S+)/)[1];
  assert.ok(repository.endsWith(`/local-repos/${repoName}`), repository);
  return { href: await open.getAttribute('href'), repository };
}

/**
 * Waits until `locate()` shows on the page, reloading it every 15 s while the backend catches up (the
 * catalog processing a new entity, the sandbox's Argo CD and the status cache picking up its
 * applications), up to `timeoutMs`.
 */
export async function untilShown(page, locate, describe, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await locate()
      .first()
      .waitFor({ timeout: 15_000 })
      .then(() => true, () => false);
    if (shown) return;
    if (Date.now() > deadline) throw new Error(`${describe()} at ${page.url()}`);
    await page.reload();
  }
}

/**
 * Opens the entity page at `href` and waits until it shows `text`: the register step waited for the
 * catalog, so the page normally renders at once; it reloads while the catalog is still catching up.
 */
export async function openEntityPage(page, href, text, describeFailure = () => '') {
  await page.goto(`${baseUrl}${href}`);
  await untilShown(
    page,
    () => page.getByText(text),
    () => `${href} did not show ${text}${describeFailure()}`,
    60_000,
  );
}
