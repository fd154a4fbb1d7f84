// A status computed by replica A is served by replica B from the shared Redis cache: B makes no call
// to Argo CD, Kiali or Prometheus (counted at the fake servers and at the Prometheus proxy). And the
// answers on the production shape carry real data from each upstream.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { statusPath } from '../lib/load.mjs';
import { call, sharedStack, userToken } from '../lib/session.mjs';

const stack = await sharedStack();

const upstreamCalls = () => ({
  argocd: stack.argocd.counts(),
  kiali: stack.kiali.counts(),
  prometheus: stack.prometheusProxy.counts(),
});
const resetUpstreamCalls = () => {
  stack.argocd.resetCounts();
  stack.kiali.resetCounts();
  stack.prometheusProxy.resetCounts();
};
const withoutTime = ({ generatedAt, ...status }) => status;

test('a status computed by replica A is served from the shared cache by replica B', async () => {
  const { a, b } = stack.replicas;
  const token = await userToken(a.url);
  // A replica opens its Redis connection on its first cache read; with disableOfflineQueue (see
  // app-config.production.yaml) reads racing that connect are misses. Open both connections first.
  for (const replica of [a, b]) {
    const warm = await call(replica.url, statusPath('steady'), { token });
    assert.equal(warm.status, 200, warm.text);
  }
  // Past the test config's cache TTL (3 s), so that nothing read so far is still cached.
  await new Promise(r => setTimeout(r, 3500));

  resetUpstreamCalls();
  const first = await call(a.url, statusPath('checkout'), { token });
  assert.equal(first.status, 200, first.text);
  const byA = upstreamCalls();
  assert.ok(Object.keys(byA.argocd).length > 0, 'replica A called Argo CD');
  assert.ok(Object.keys(byA.kiali).length > 0, 'replica A called Kiali');
  assert.ok(
    Object.keys(byA.prometheus).length > 0,
    'replica A queried Prometheus',
  );

  resetUpstreamCalls();
  const second = await call(b.url, statusPath('checkout'), { token });
  assert.equal(second.status, 200, second.text);
  assert.deepEqual(upstreamCalls(), { argocd: {}, kiali: {}, prometheus: {} });
  assert.deepEqual(withoutTime(second.json), withoutTime(first.json));

  const keys = execFileSync(
    'redis-cli',
    ['-p', String(stack.ports.redis), '--scan'],
    {
      encoding: 'utf8',
    },
  );
  assert.match(
    keys,
    /^service-mesh:/m,
    `Redis holds the service-mesh cache entries:\n${keys}`,
  );
});

test('answers on the production shape carry data from Argo CD, Kiali and the real Prometheus', async () => {
  const token = await userToken(stack.replicas.b.url);
  const checkout = await call(stack.replicas.b.url, statusPath('checkout'), {
    token,
  });
  assert.equal(checkout.status, 200, checkout.text);
  const envs = Object.fromEntries(
    checkout.json.environments.map(e => [e.name, e]),
  );
  assert.deepEqual(Object.keys(envs).sort(), ['prod', 'staging']);
  assert.equal(envs.prod.namespace, 'shop');
  assert.equal(envs.prod.argocd.state, 'ok', JSON.stringify(envs.prod.argocd));
  assert.equal(envs.prod.argocd.data.name, 'checkout-prod');
  assert.equal(
    envs.prod.mtls.reported.state,
    'ok',
    JSON.stringify(envs.prod.mtls.reported),
  );
  assert.equal(envs.prod.mtls.reported.data.status, 'MTLS_ENABLED');
  assert.equal(checkout.json.sandbox, false);

  const steady = await call(stack.replicas.b.url, statusPath('steady'), {
    token,
  });
  assert.equal(steady.status, 200, steady.text);
  const [env] = steady.json.environments;
  assert.equal(env.namespace, 'mesh-0');
  assert.equal(env.signals.state, 'ok', JSON.stringify(env.signals));
  assert.ok(
    env.signals.data.requestsPerSecond > 0,
    JSON.stringify(env.signals.data),
  );
  assert.equal(
    env.mtls.observed.state,
    'ok',
    JSON.stringify(env.mtls.observed),
  );
});
