// The load-and-fault run: `connections` clients on entity status and the overview through the balancer
// (both replicas) while the upstreams misbehave in turn. Each phase is one load run; a status
// sampled late in each phase shows how the sources were reported, and after each fault the time until
// a status is fresh again (every source ok, nothing stale) is measured.
import { SLOW_MS } from './httpServers.mjs';
import { loadRun, OVERVIEW_PATH, statusPath } from './load.mjs';
import { MESHED_COMPONENTS } from './entities.mjs';
import { call, userToken } from './session.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Live memory (heap used + external, bytes) of a `memoryAfterGc` figure. */
const liveMemory = m => m.heapUsed + m.external;

/** The live-memory bound of a run: less than 50 MB of growth per replica. */
const MEMORY_GROWTH_LIMIT = 50 * 1024 * 1024;

/**
 * What breaks the bound in a run's `memoryStart` / `memoryEnd`: live memory (heap and buffers after a
 * full collection; RSS alone mostly shows when V8 last returned pages to the system), one message per
 * replica that grew by 50 MB or more.
 */
export function memoryMisses({ memoryStart, memoryEnd }) {
  return ['a', 'b'].flatMap(name => {
    const growth = liveMemory(memoryEnd[name]) - liveMemory(memoryStart[name]);
    return growth >= MEMORY_GROWTH_LIMIT
      ? [`replica ${name} live memory grew by ${mb(growth)} MB`]
      : [];
  });
}

/**
 * Each replica's memory after a full collection, the lowest live figure of three taken 1 s apart: what
 * a request still in flight holds when one is taken (a Kiali call hanging until its timeout, a response
 * being written) is gone in another, what stays is what the process keeps.
 */
async function memory(stack) {
  const lowest = async name => {
    let best;
    for (let i = 0; i < 3; i++) {
      if (i) await sleep(1000);
      const m = await stack.memoryAfterGc(name);
      if (!best || liveMemory(m) < liveMemory(best)) best = m;
    }
    return best;
  };
  const [a, b] = await Promise.all([lowest('a'), lowest('b')]);
  return { a, b };
}

/**
 * The phases, in order: what goes wrong at the start of each, how it is put right at its end, and when
 * (share of the phase) to sample a status.
 */
export function faultPhases(stack, phaseSeconds) {
  return [
    { name: 'baseline', start: async () => {}, end: async () => {} },
    {
      name: 'Argo CD refuses connections',
      start: () => stack.argocd.setMode('refuse'),
      end: () => stack.argocd.setMode('ok'),
    },
    {
      name: 'Kiali hangs',
      start: () => stack.kiali.setMode('hang'),
      end: () => stack.kiali.setMode('ok'),
    },
    {
      name: 'Prometheus restarted',
      // While it is down (the first half of the phase) and what was cached before has expired.
      sampleAt: 0.4,
      // In the background: the load runs while Prometheus is down and coming back.
      start: async () => {
        // Down for the first half of the phase.
        stack.pendingRestart = sleep(200).then(() =>
          stack.prometheus.restart((phaseSeconds * 1000) / 2),
        );
      },
      end: async () => {
        await stack.pendingRestart;
      },
    },
    {
      name: 'Redis stopped',
      start: () => stack.redis.stop(),
      end: () => stack.restartRedis(),
    },
    {
      name: `Kiali slow (${SLOW_MS / 1000} s per answer)`,
      start: () => stack.kiali.setMode('slow'),
      end: () => stack.kiali.setMode('ok'),
    },
    {
      name: 'Argo CD fails half its answers',
      start: () => stack.argocd.setMode('flaky'),
      end: () => stack.argocd.setMode('ok'),
    },
    {
      name: `Kiali flapping (hangs ${FLAP_MS / 1000} s, answers ${FLAP_MS / 1000} s)`,
      start: async () => {
        let down = true;
        await stack.kiali.setMode('hang');
        stack.flapping = setInterval(() => {
          down = !down;
          void stack.kiali.setMode(down ? 'hang' : 'ok');
        }, FLAP_MS);
      },
      end: async () => {
        clearInterval(stack.flapping);
        await stack.kiali.setMode('ok');
      },
    },
  ];
}

/** Half-period of the flapping upstream. */
const FLAP_MS = 3000;

/** States that say a source is down or served from its last good answer. */
const NOT_FRESH = /:(stale|timeout|unreachable|bad-answer)$/;

/**
 * Milliseconds until a status through the balancer has no source down and nothing stale, sampled every
 * 250 ms (both replicas, alternately), up to `limitMs`; null when it never was.
 */
async function timeToFresh(stack, token, limitMs) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const res = await call(stack.balancerUrl, statusPath('checkout'), {
      token,
      timeoutMs: 30_000,
    });
    const states = sourceStates(res.json);
    if (res.status === 200 && !states.some(s => NOT_FRESH.test(s))) {
      return Date.now() - started;
    }
    await sleep(250);
  }
  return null;
}

/**
 * Every `source:state` pair in a status answer (e.g. `argocd:unreachable`; `kiali:stale` for the last good
 * answer served in place of a failing source), sorted, unique.
 */
export function sourceStates(json) {
  const found = new Set();
  const walk = value => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if (typeof value.source === 'string' && typeof value.state === 'string') {
        found.add(`${value.source}:${value.stale ? 'stale' : value.state}`);
      }
      Object.values(value).forEach(walk);
    }
  };
  walk(json);
  return [...found].sort();
}

/**
 * Runs every phase for `phaseSeconds` with `connections` clients. Returns the per-phase rows and the
 * replicas' memory (RSS, heap used; bytes, after a full garbage collection) at start and end.
 */
export async function runLoadAndFaults(
  stack,
  { phaseSeconds, connections, recoveryLimitMs = 30_000 },
) {
  const token = await userToken(stack.balancerUrl);
  const readable = MESHED_COMPONENTS.filter(c => !c.restricted).map(c =>
    statusPath(c.name),
  );
  const paths = [...readable, OVERVIEW_PATH];
  for (const path of paths) {
    const warm = await call(stack.balancerUrl, path, { token });
    if (warm.status !== 200)
      throw new Error(`warm-up ${path}: ${warm.status} ${warm.text}`);
  }
  // Warm-up at full concurrency, so the start figure is a warm process (JIT, pools, caches), not a cold one.
  await loadRun({
    baseUrl: stack.balancerUrl,
    paths,
    token,
    connections,
    seconds: 3,
  });
  const memoryStart = await memory(stack);
  const rows = [];
  for (const phase of faultPhases(stack, phaseSeconds)) {
    await phase.start();
    // Late in the phase, when what was cached before the fault has expired.
    const sample = sleep(phaseSeconds * 1000 * (phase.sampleAt ?? 0.8)).then(
      () =>
        call(stack.balancerUrl, statusPath('checkout'), {
          token,
          timeoutMs: 60_000,
        }),
    );
    const result = await loadRun({
      baseUrl: stack.balancerUrl,
      paths,
      token,
      connections,
      seconds: phaseSeconds,
    });
    const sampled = await sample;
    await phase.end();
    const recoveryMs =
      phase.name === 'baseline'
        ? null
        : await timeToFresh(stack, token, recoveryLimitMs);
    rows.push({
      phase: phase.name,
      ...result,
      rps: Math.round(result.requests / (result.elapsedMs / 1000)),
      recoveryMs,
      sample: `${sampled.status} ${
        sourceStates(sampled.json)
          .filter(s => !s.endsWith(':ok'))
          .join(' ') || 'all sources ok'
      }`,
    });
  }
  const memoryEnd = await memory(stack);
  return { rows, memoryStart, memoryEnd };
}

const mb = bytes => (bytes / 1024 / 1024).toFixed(1);

/** The result as a text table. */
export function formatTable(
  { rows, memoryStart, memoryEnd },
  { phaseSeconds, connections },
) {
  const header = [
    'phase',
    'requests',
    'req/s',
    '2xx',
    'non-2xx',
    'errors',
    'timeouts',
    'p50 ms',
    'p99 ms',
    'max ms',
    'fresh after s',
    'status sampled late in the phase',
  ];
  const body = rows.map(r => [
    r.phase,
    r.requests,
    r.rps,
    r.ok,
    r.non2xx,
    r.errors,
    r.timeouts,
    r.p50,
    r.p99,
    r.max,
    r.recoveryMs === null
      ? r.phase === 'baseline'
        ? ''
        : 'never'
      : (r.recoveryMs / 1000).toFixed(1),
    r.sample,
  ]);
  const total = rows.reduce(
    (t, r) => ({
      requests: t.requests + r.requests,
      ok: t.ok + r.ok,
      non2xx: t.non2xx + r.non2xx,
      errors: t.errors + r.errors,
      timeouts: t.timeouts + r.timeouts,
      p99: Math.max(t.p99, r.p99),
      max: Math.max(t.max, r.max),
    }),
    { requests: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0, p99: 0, max: 0 },
  );
  body.push([
    'total',
    total.requests,
    '',
    total.ok,
    total.non2xx,
    total.errors,
    total.timeouts,
    '',
    `${total.p99} (worst)`,
    total.max,
    '',
    '',
  ]);
  const cells = [header, ...body].map(row => row.map(String));
  const widths = header.map((_, i) =>
    Math.max(...cells.map(row => row[i].length)),
  );
  const line = row =>
    `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [
    `${connections} clients, ${phaseSeconds} s per phase, ${rows.length} phases, through the balancer to both replicas`,
    line(cells[0]),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
    '',
    ...['a', 'b'].map(name => {
      const [start, end] = [memoryStart[name], memoryEnd[name]];
      return `replica ${name} after a full GC: RSS ${mb(start.rss)} MB → ${mb(end.rss)} MB (${mb(end.rss - start.rss)} MB), live (heap used + external) ${mb(liveMemory(start))} MB → ${mb(liveMemory(end))} MB (${mb(liveMemory(end) - liveMemory(start))} MB; heap ${mb(end.heapUsed - start.heapUsed)}, external ${mb(end.external - start.external)})`;
    }),
  ];
  return { text: out.join('\n'), total };
}
