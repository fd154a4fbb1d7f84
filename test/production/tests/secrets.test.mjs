// Runs last: no secret of the run (database password, Argo CD and Kiali tokens, the service token, the
// user tokens) appears in any line of any captured log or in any answer (status, headers, body) the
// tests received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSecrets, scanForSecrets } from '../lib/secretScan.mjs';
import { call, LOG_DIR, sharedStack, userToken } from '../lib/session.mjs';

const stack = await sharedStack();

test('no token or password appears in any captured log line or answer', async () => {
  // Make sure there is something to scan even when this file runs alone: a failing upstream call and
  // a diagnostics call are the answers most likely to echo configuration.
  const token = await userToken(stack.replicas.a.url);
  await call(stack.replicas.a.url, '/api/service-mesh/diagnostics', {
    token: stack.secrets.externalToken,
  });
  await call(
    stack.replicas.b.url,
    '/api/service-mesh/entities/component/default/ledger/status',
    { token },
  );

  const { files, lines, leaks } = scanForSecrets(LOG_DIR, runSecrets(stack));
  assert.ok(
    files.includes('replica-a.log') && files.includes('replica-b.log'),
    files.join(', '),
  );
  assert.ok(files.includes('responses.ndjson'), 'answers were captured');
  assert.ok(lines > 100, `scanned ${lines} lines`);
  assert.deepEqual(leaks, []);
});
