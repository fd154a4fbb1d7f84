// Stale data shown honestly (issue 19): the sandbox's Kiali is switched off through its faults file
// (serviceMesh.sandboxFaultsFile, set by e2e/run.mjs; tests only), and once the cached answers have
// expired the checkout tab and the mesh overview keep showing Kiali's last good answer, saying how old it
// is and why. Kiali is switched on again at the end, and the test waits for fresh data.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { baseUrl, guestApi, launch, screenshot, signIn } from '../browser.mjs';

const faultsFile = process.env.E2E_SANDBOX_FAULTS;
const setKiali = state =>
  writeFileSync(faultsFile, JSON.stringify({ kiali: state }));

let browser;
let api;

/** Polls `read` every second until `done(value)`, for up to `ms`; returns the last value. */
async function until(read, done, ms, what) {
  const limit = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > limit) {
      assert.fail(
        `${what} within ${ms} ms; last answer: ${JSON.stringify(value)}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

const prodKiali = status =>
  status.environments.find(e => e.name === 'prod').mtls.reported;
const overviewKiali = overview =>
  overview.sources.find(s => s.source === 'kiali');

before(async () => {
  assert.ok(faultsFile, 'E2E_SANDBOX_FAULTS is set by e2e/run.mjs');
  setKiali('up');
  browser = await launch();
  api = await guestApi();
});
after(async () => {
  setKiali('up');
  await browser?.context.close();
});

test("the tab and the overview show Kiali's last good answer with its age while Kiali is down", async () => {
  // Good answers first, so that there is a last good answer to show.
  const fresh = await api('/entities/component/default/checkout/status');
  assert.equal(prodKiali(fresh).state, 'ok');
  assert.equal(overviewKiali(await api('/overview')).state, 'ok');

  setKiali('down');
  // Once the cached answers expire (cacheTtlSeconds, 30 s by default), Kiali's part is stale.
  const stale = await until(
    () => api('/entities/component/default/checkout/status'),
    status => prodKiali(status).stale,
    60_000,
    'the status did not serve Kiali stale',
  );
  const reported = prodKiali(stale);
  assert.equal(reported.state, 'ok');
  assert.deepEqual(reported.data, prodKiali(fresh).data);
  assert.match(reported.stale.reason, /^Kiali (unreachable|not answering)$/);

  const { page } = browser;
  await signIn(page);
  await page.goto(`${baseUrl}/catalog/default/component/checkout/service-mesh`);
  const tabAlert = page.getByRole('alert').filter({ hasText: /^Kiali: as of/ });
  await tabAlert.waitFor();
  assert.match(
    await tabAlert.innerText(),
    /^Kiali: as of \d+ (s|min) ago \(Kiali (unreachable|not answering)\) — the last good answer is shown\.$/,
  );
  // The data is still on screen.
  await page.getByText('At a glance', { exact: true }).waitFor();
  await screenshot(page, 'stale-kiali-tab');

  await until(
    () => api('/overview'),
    overview => overviewKiali(overview).stale,
    // Each namespace keeps its own last good answer, so a service the wizard test created meanwhile
    // (it joins the overview once the catalog has processed it) does not lose the others theirs.
    90_000,
    'the overview did not serve Kiali stale',
  );
  await page.goto(`${baseUrl}/service-mesh`);
  const overviewAlert = page
    .getByRole('alert')
    .filter({ hasText: /^Kiali: as of/ });
  await overviewAlert.waitFor();
  assert.match(
    await overviewAlert.innerText(),
    /^Kiali: as of \d+ (s|min) ago \(Kiali (unreachable|not answering)\)/,
  );
  await page.getByText(/^Services \(\d+ of \d+\)$/).waitFor();
  await screenshot(page, 'stale-kiali-overview');

  // Kiali back: fresh data within one probe interval (5 s) after the cache lets the read through.
  setKiali('up');
  await until(
    () => api('/entities/component/default/checkout/status'),
    status => !prodKiali(status).stale && prodKiali(status).state === 'ok',
    45_000,
    'Kiali did not come back fresh',
  );
});
