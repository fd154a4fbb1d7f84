// Shared browser helpers for the e2e tests: Debian Chromium through playwright-core, guest sign-in.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:7017';
export const artifacts = process.env.E2E_ARTIFACTS ?? 'test-results';

/** Starts Chromium with a fresh profile; never downloads a browser. */
export async function launch() {
  const context = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'meshport-e2e-')),
    {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** Opens the portal and signs in as guest if the sign-in page asks. */
export async function signIn(page) {
  await page.goto(baseUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  const catalogHeading = page.getByText('Meshport Catalog');
  await Promise.race([
    enter.waitFor().catch(() => {}),
    catalogHeading.waitFor().catch(() => {}),
  ]);
  if (await enter.isVisible()) {
    await enter.click();
  }
  await catalogHeading.waitFor();
}

/** Saves a full-page screenshot under test-results/. */
export async function screenshot(page, name) {
  await page.screenshot({
    path: join(artifacts, `${name}.png`),
    fullPage: true,
  });
}

/**
 * The Service Mesh API as the guest user sees it: `api(path)` answers the JSON of a GET that must be a
 * 200, so that a test can compare the screen with the backend's own numbers.
 */
export async function guestApi() {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const token = (await res.json()).backstageIdentity.token;
  return async path => {
    const answer = await fetch(`${baseUrl}/api/service-mesh${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (answer.status !== 200) {
      throw new Error(`GET ${path} answered ${answer.status}`);
    }
    return answer.json();
  };
}
