// A status computed by replica A is served by replica B from the shared Redis cache: B makes no call
// to Argo CD, Kiali or Prometheus (counted at the fake servers and at the Prometheus proxy).
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

test('a status computed by replica A is served from the shared cache by replica B', async () => {
  const { a, b } = stack.replicas;
  const token = await userToken(a.url);
  // checkout is read by no other test before this one, so A computes it from the upstreams.
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
  assert.deepEqual(second.json, first.json);

  const keys = execFileSync(
    'redis-cli',
    ['-p', String(stack.ports.redis), '--scan'],
    {
      encoding: 'utf8',
    },
  );
  assert.match(
    keys,
    /service-mesh/,
    `Redis holds the service-mesh cache entries:\n${keys}`,
  );
});
