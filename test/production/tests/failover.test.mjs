// Killing one replica (SIGKILL, no graceful shutdown) during a load run loses no request on the other:
// every request replica B answered during the run is a 2xx. Replica A is started again afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRun, OVERVIEW_PATH, statusPath } from '../lib/load.mjs';
import { call, sharedStack, userToken } from '../lib/session.mjs';

const stack = await sharedStack();

test('killing replica A during a load run loses no request on replica B', async () => {
  const { a, b } = stack.replicas;
  const token = await userToken(b.url);
  const paths = [statusPath('checkout'), statusPath('steady'), OVERVIEW_PATH];
  for (const path of paths) {
    const warm = await call(b.url, path, { token });
    assert.equal(warm.status, 200, `${path}: ${warm.text}`);
  }
  const run = loadRun({
    baseUrl: b.url,
    paths,
    token,
    connections: 10,
    seconds: 8,
  });
  await new Promise(r => setTimeout(r, 2500));
  await a.proc.stop('SIGKILL');
  assert.equal(a.proc.isRunning(), false);
  const result = await run;
  assert.ok(
    result.requests > 50,
    `replica B answered only ${result.requests} requests`,
  );
  assert.deepEqual(
    { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
    { non2xx: 0, errors: 0, timeouts: 0 },
    `status codes seen: ${JSON.stringify(result.codes)}, errors: ${JSON.stringify(result.errorCodes)}`,
  );

  // The balancer sends everything to B while A is down, and A rejoins on the same databases.
  const viaBalancer = await call(stack.balancerUrl, statusPath('checkout'), {
    token,
  });
  assert.equal(viaBalancer.status, 200, viaBalancer.text);
  await stack.startReplica('a', a.port);
  const again = await call(stack.replicas.a.url, statusPath('checkout'), {
    token,
  });
  assert.equal(again.status, 200, again.text);
});
