// The full load-and-fault suite (`bash scripts/production-load.sh`): starts the production shape,
// runs 50 clients through eight 60 s phases (baseline, Argo CD refusing connections, Kiali hanging,
// Prometheus restarted, Redis stopped, Kiali slow, Argo CD failing half its answers, Kiali flapping) and
// prints the table. Exit code 1 when a target is missed: a failed or non-2xx response, p99 over the
// deadline, more than 50 MB of live memory growth, a token or password in a captured log line or answer,
// or one of issue 19's targets (per fault phase against the baseline: p50 ≤ 1.5×, p99 ≤ + one upstream
// timeout, throughput ≥ 0.7×, fresh data within one probe interval after the fault).
// Options: --phase-seconds <n> (default 60), or --seconds <total> (divided among the phases);
// --connections <n> (default 50).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { entitiesYaml } from './lib/entities.mjs';
import { formatTable, memoryMisses, runLoadAndFaults } from './lib/faults.mjs';
import { missedTargets } from './lib/targets.mjs';
import { runSecrets, scanForSecrets } from './lib/secretScan.mjs';
import { setResponseLog } from './lib/session.mjs';
import { startStack, ROOT } from './lib/stack.mjs';

const { values } = parseArgs({
  options: {
    'phase-seconds': { type: 'string', default: '60' },
    seconds: { type: 'string' },
    connections: { type: 'string', default: '50' },
  },
});
const DEADLINE_MS = 8000;
/** The production config's per-call timeout and breaker probe interval (the plugin's defaults). */
const UPSTREAM_TIMEOUT_MS = 5000;
const PROBE_INTERVAL_MS = 5000;
const PHASES = 8;
const options = {
  phaseSeconds: values.seconds
    ? Math.max(1, Math.round(Number(values.seconds) / PHASES))
    : Number(values['phase-seconds']),
  connections: Number(values.connections),
};
const logDir = join(ROOT, 'test-results', 'production-load');
console.log(
  '== starting PostgreSQL, Redis, Prometheus, fake Argo CD and Kiali, two replicas',
);
const t0 = Date.now();
const stack = await startStack({ entitiesYaml: entitiesYaml(), logDir });
setResponseLog(join(logDir, 'responses.ndjson'));
let failed = true;
const misses = [];
try {
  console.log(
    `== stack ready in ${((Date.now() - t0) / 1000).toFixed(0)} s; running the load`,
  );
  const result = await runLoadAndFaults(stack, options);
  const { text, total } = formatTable(result, options);
  const load = `load average (1, 5, 15 min) at the end: ${loadavg()
    .map(l => l.toFixed(2))
    .join(', ')} on ${cpus().length} cores`;
  console.log(`${text}\n${load}`);
  writeFileSync(join(logDir, 'table.txt'), `${text}\n${load}\n`);
  misses.push(
    ...missedTargets(result.rows, {
      upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS,
      probeIntervalMs: PROBE_INTERVAL_MS,
    }),
  );
  if (total.non2xx || total.errors || total.timeouts) {
    misses.push(
      `${total.non2xx} non-2xx, ${total.errors} errors, ${total.timeouts} timeouts`,
    );
  }
  if (total.p99 > DEADLINE_MS)
    misses.push(`worst p99 ${total.p99} ms > ${DEADLINE_MS} ms`);
  misses.push(...memoryMisses(result));
} finally {
  await stack.stop();
}
// After the stop, so that the replicas' last log lines are scanned too.
const { lines, leaks } = scanForSecrets(logDir, runSecrets(stack));
console.log(
  `secret scan: ${lines} log and answer lines, ${leaks.length} leaks`,
);
if (leaks.length)
  misses.push(`secrets in the logs or answers: ${leaks.join(', ')}`);
failed = misses.length > 0;
console.log(
  failed ? `TARGETS MISSED: ${misses.join('; ')}` : 'all targets met',
);
process.exit(failed ? 1 : 0);
