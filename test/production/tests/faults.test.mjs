// The short (CI) load-and-fault run: 50 clients through the balancer while Argo CD refuses connections,
// Kiali hangs, Prometheus restarts, Redis stops, Kiali answers slowly, Argo CD fails half its answers and
// Kiali flaps, in turn. Every request gets a 2xx (a degraded source is a valid answer), p99 stays within
// the backend's deadline, live memory grows by less than 50 MB, a hanging or flapping Kiali is served from
// its last good answer (stale), and every fault is followed by fresh data within one probe interval. The
// latency and throughput targets against the baseline are checked by the full run
// (`npm run load:production`), not on 4 s phases of a shared CI machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable, memoryMisses, runLoadAndFaults } from '../lib/faults.mjs';
import { sharedStack } from '../lib/session.mjs';

const stack = await sharedStack();

/** serviceMesh.deadlineMs of the production config (the plugin's default). */
const DEADLINE_MS = 8000;
const options = {
  phaseSeconds: Number(process.env.MESHPORT_FAULT_PHASE_SECONDS ?? 4),
  connections: 50,
};

test('load with faults in turn: no failed response, p99 within the deadline, memory bounded', async () => {
  const result = await runLoadAndFaults(stack, options);
  const { text, total } = formatTable(result, options);
  console.log(text);
  const byPhase = Object.fromEntries(result.rows.map(r => [r.phase, r]));
  assert.ok(total.requests > 100, `only ${total.requests} requests answered`);
  assert.deepEqual(
    { non2xx: total.non2xx, errors: total.errors, timeouts: total.timeouts },
    { non2xx: 0, errors: 0, timeouts: 0 },
    JSON.stringify(result.rows.map(r => [r.phase, r.codes, r.errorCodes])),
  );
  assert.ok(total.p99 <= DEADLINE_MS, `worst p99 ${total.p99} ms`);
  assert.deepEqual(memoryMisses(result), []);
  // The faults were seen: the sampled answers name the failing source, or serve its last good answer.
  assert.match(
    byPhase['Argo CD refuses connections'].sample,
    /^200 .*argocd:(unreachable|stale)/,
  );
  assert.match(byPhase['Kiali hangs'].sample, /^200 .*kiali:(timeout|stale)/);
  // Fresh again within one probe interval (5 s, the production default) after each fault, plus the
  // sampling status request itself (up to 2 s on a loaded machine).
  for (const row of result.rows.slice(1)) {
    assert.ok(
      row.recoveryMs !== null && row.recoveryMs <= 7000,
      `${row.phase}: fresh again after ${row.recoveryMs} ms`,
    );
  }
});
