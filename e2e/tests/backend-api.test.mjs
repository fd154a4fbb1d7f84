// The service-mesh API of the running portal (sandbox on, guest sign-in, real catalog and permission
// backends): authentication, the example stories, the overview and an audited sync.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { baseUrl } from '../browser.mjs';

const api = `${baseUrl}/api/service-mesh`;
let token;

before(async () => {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  assert.equal(res.status, 200, 'guest sign-in');
  token = (await res.json()).backstageIdentity.token;
});

async function get(path) {
  const res = await fetch(`${api}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

test('every route refuses a caller without a token', async () => {
  for (const path of [
    '/overview',
    '/diagnostics',
    '/entities/component/default/checkout/status',
  ]) {
    const res = await fetch(`${api}${path}`);
    assert.equal(res.status, 401, path);
  }
});

test('the example components tell their sandbox stories', async () => {
  const checkout = await get('/entities/component/default/checkout/status');
  assert.equal(checkout.status, 200);
  assert.equal(checkout.body.sandbox, true);
  assert.deepEqual(
    checkout.body.environments.map(e => e.name),
    ['dev', 'staging', 'prod'],
  );
  const prod = checkout.body.environments.find(e => e.name === 'prod');
  assert.equal(
    prod.argocd.data.images.length,
    2,
    'checkout runs a canary in prod',
  );

  const catalogApi = await get(
    '/entities/component/default/catalog-api/status',
  );
  const staging = catalogApi.body.environments.find(e => e.name === 'staging');
  assert.equal(staging.argocd.data.sync.status, 'OutOfSync');

  const recommendations = await get(
    '/entities/component/default/recommendations/status',
  );
  assert.equal(recommendations.body.environments[0].mtls.verdict, 'partial');

  const payments = await get(
    '/entities/component/default/payments/signals?environment=prod&range=1h',
  );
  assert.equal(payments.status, 200);
  assert.ok(
    payments.body.signals.data.current.errorRatio > 0.08,
    'payments has a 5xx burst in prod',
  );

  const docs = await get('/entities/component/default/docs-site/status');
  assert.equal(docs.body.environments[0].argocd.state, 'not-configured');

  const missing = await get(
    '/entities/component/default/no-such-service/status',
  );
  assert.equal(missing.status, 404);
});

test('the overview lists every meshed example component', async () => {
  const { status, body } = await get('/overview');
  assert.equal(status, 200);
  assert.equal(body.sandbox, true);
  const refs = new Set(body.rows.map(r => r.entityRef));
  for (const name of [
    'checkout',
    'payments',
    'catalog-api',
    'recommendations',
    'storefront',
    'auth-service',
  ]) {
    assert.ok(refs.has(`component:default/${name}`), name);
  }
  assert.ok(!refs.has('component:default/docs-site'));
});

// Syncs payments-dev (already Synced), so that the browser tests still see catalog-api staging OutOfSync.
test('the guest may sync an application of an entity, and nothing else', async () => {
  const sync = await fetch(
    `${api}/entities/component/default/payments/argocd/sandbox/applications/payments-dev/sync`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(sync.status, 200);
  // Argo CD's sync answer only records the operation: the result says it was requested, to which
  // revision, and after which earlier operation (issue 12, defect 5).
  const { revision, previousStartedAt, requestedAt, ...rest } =
    await sync.json();
  assert.match(revision, /^[0-9a-f]{40}$/);
  assert.ok(Date.parse(previousStartedAt) < Date.parse(requestedAt));
  assert.deepEqual(rest, {
    instance: 'sandbox',
    app: 'payments-dev',
    action: 'sync',
    result: 'Requested',
    message: `Argo CD accepted a sync to revision ${revision}; its controller has not reported it yet`,
  });
  const foreign = await fetch(
    `${api}/entities/component/default/payments/argocd/sandbox/applications/checkout-prod/sync`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(foreign.status, 404);
});
