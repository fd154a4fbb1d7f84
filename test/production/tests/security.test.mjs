// The production shape's security: every service-mesh route refuses callers without credentials (401)
// on both replicas; the production policy keeps restricted entities and Argo CD actions from users who
// lack the permission (no data, no upstream call); hostile annotation values are refused with an
// InputError naming the annotation and never reach an upstream.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTILE_COMPONENTS, HOSTILE_VALUES } from '../lib/entities.mjs';
import { OVERVIEW_PATH, statusPath } from '../lib/load.mjs';
import { call, sharedStack, userToken } from '../lib/session.mjs';

const stack = await sharedStack();

const entity = '/api/service-mesh/entities/component/default/checkout';
const ROUTES = [
  ['GET', `${entity}/status`],
  ['GET', `${entity}/signals?environment=prod&range=1h`],
  [
    'GET',
    `${entity}/argocd/prod/applications/checkout-prod/revisions/0123456789abcdef0123456789abcdef01234567/metadata`,
  ],
  ['POST', `${entity}/argocd/prod/applications/checkout-prod/refresh`],
  ['POST', `${entity}/argocd/prod/applications/checkout-prod/sync`],
  ['GET', '/api/service-mesh/overview'],
  ['GET', '/api/service-mesh/diagnostics'],
];

test('every service-mesh route answers 401 without credentials or with a forged token, on both replicas', async () => {
  stack.argocd.resetCounts();
  for (const replica of Object.values(stack.replicas)) {
    for (const [method, path] of ROUTES) {
      for (const token of [
        undefined,
        'not-a-token',
        `${stack.secrets.externalToken}x`,
      ]) {
        const res = await call(replica.url, path, { method, token });
        assert.equal(
          res.status,
          401,
          `${method} ${path} on ${replica.name} (token ${token}): ${res.text}`,
        );
        assert.equal(res.json?.error?.name, 'AuthenticationError', res.text);
      }
    }
  }
  assert.deepEqual(
    stack.argocd.counts(),
    {},
    'no upstream call for an unauthenticated request',
  );
});

test('a user who may not read an entity gets no data about it', async () => {
  const token = await userToken(stack.replicas.a.url);
  for (const replica of Object.values(stack.replicas)) {
    const res = await call(replica.url, statusPath('vault'), { token });
    assert.ok(
      [403, 404].includes(res.status),
      `vault status for guest: ${res.status} ${res.text}`,
    );
    assert.doesNotMatch(res.text, /checkout-prod|shop|environments/);
    const overview = await call(replica.url, OVERVIEW_PATH, { token });
    assert.equal(overview.status, 200, overview.text);
    assert.doesNotMatch(overview.text, /component:default\/vault|"vault"/);
    assert.match(overview.text, /component:default\/checkout/);
  }
  // The owners' view through a service principal shows vault is there: the refusal is the policy.
  const asService = await call(stack.balancerUrl, statusPath('vault'), {
    token: stack.secrets.externalToken,
  });
  assert.equal(asService.status, 200, asService.text);
});

test('Argo CD sync and refresh without the permission: 403 and no upstream call', async () => {
  const token = await userToken(stack.replicas.b.url);
  stack.argocd.resetCounts();
  for (const action of ['sync', 'refresh']) {
    const res = await call(
      stack.replicas.b.url,
      `/api/service-mesh/entities/component/default/ledger/argocd/prod/applications/checkout-prod/${action}`,
      { method: 'POST', token },
    );
    assert.equal(
      res.status,
      403,
      `${action} on ledger (owned by team-b) as guest: ${res.text}`,
    );
    assert.equal(res.json?.error?.name, 'NotAllowedError', res.text);
  }
  const posts = Object.keys(stack.argocd.counts()).filter(k =>
    /sync|refresh/.test(k),
  );
  assert.deepEqual(posts, [], 'no sync or refresh reached Argo CD');
  const diagnostics = await call(
    stack.replicas.b.url,
    '/api/service-mesh/diagnostics',
    { token },
  );
  assert.equal(diagnostics.status, 403, diagnostics.text);
});

test('hostile annotation values are refused naming the annotation and never reach an upstream', async () => {
  const token = await userToken(stack.replicas.a.url);
  stack.argocd.resetCounts();
  stack.kiali.resetCounts();
  stack.prometheusProxy.resetCounts();
  for (const h of HOSTILE_COMPONENTS) {
    const res = await call(stack.balancerUrl, statusPath(h.name), { token });
    assert.equal(
      res.status,
      400,
      `${h.name}: ${res.status} ${res.text.slice(0, 300)}`,
    );
    assert.equal(res.json?.error?.name, 'InputError', res.text.slice(0, 300));
    assert.ok(
      res.json.error.message.includes(h.annotation),
      `${h.name}: the message names ${h.annotation}: ${res.json.error.message.slice(0, 300)}`,
    );
  }
  const seen = JSON.stringify([stack.argocd.counts(), stack.kiali.counts()]);
  for (const value of Object.values(HOSTILE_VALUES)) {
    for (const encoded of [value, encodeURIComponent(value)]) {
      assert.ok(
        !seen.includes(encoded.slice(0, 40)),
        `hostile value reached an upstream: ${encoded.slice(0, 40)}`,
      );
    }
  }
  // The hostile entities do not break the overview either.
  const overview = await call(stack.balancerUrl, OVERVIEW_PATH, { token });
  assert.equal(overview.status, 200, overview.text.slice(0, 300));
});
