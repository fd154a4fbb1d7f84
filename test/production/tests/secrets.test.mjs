// Runs last: no secret of the run (database password, Argo CD and Kiali tokens, the service token, the
// user tokens) appears in any line of any captured log or in any answer (status, headers, body) the
// tests received.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  call,
  issuedUserTokens,
  LOG_DIR,
  sharedStack,
  userToken,
} from '../lib/session.mjs';

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

  const secrets = {
    'database password': stack.secrets.postgresPassword,
    'Argo CD token': stack.secrets.argocdToken,
    'Kiali token': stack.secrets.kialiToken,
    'service token': stack.secrets.externalToken,
    ...Object.fromEntries(
      [...issuedUserTokens].map((t, i) => [`user token ${i + 1}`, t]),
    ),
  };
  const files = readdirSync(LOG_DIR).filter(
    f => f.endsWith('.log') || f.endsWith('.ndjson'),
  );
  assert.ok(
    files.includes('replica-a.log') && files.includes('replica-b.log'),
    files.join(', '),
  );
  assert.ok(files.includes('responses.ndjson'), 'answers were captured');
  let lines = 0;
  const leaks = [];
  for (const file of files) {
    const text = readFileSync(join(LOG_DIR, file), 'utf8');
    const fileLines = text.split('\n');
    lines += fileLines.length;
    fileLines.forEach((line, n) => {
      for (const [what, value] of Object.entries(secrets)) {
        // A JWT's signature alone identifies it; match the whole token and its last segment.
        const needles = [value, value.split('.').pop()].filter(
          v => v.length >= 16,
        );
        if (needles.some(needle => line.includes(needle)))
          leaks.push(`${what} in ${file}:${n + 1}`);
      }
    });
  }
  assert.ok(lines > 100, `scanned ${lines} lines`);
  assert.deepEqual(leaks, []);
});
