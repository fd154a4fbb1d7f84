// The load-and-fault run: `connections` clients on entity status and the overview through the balancer
// (both replicas) while the upstreams misbehave in turn. Each phase is one autocannon run; a status
// sampled in the middle of each phase shows how the sources were reported.
import { loadRun, OVERVIEW_PATH, statusPath } from './load.mjs';
import { MESHED_COMPONENTS } from './entities.mjs';
import { call, userToken } from './session.mjs';

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * RSS of both replicas once it has settled (two readings a second apart within 2 MB, at most 20 s):
 * right after a burst, a single reading mostly measures when V8 last collected garbage.
 */
async function settledRss(stack) {
  const settle = async name => {
    let previous = await stack.rss(name);
    for (let i = 0; i < 20; i++) {
      await sleep(1000);
      const current = await stack.rss(name);
      if (Math.abs(current - previous) < 2 * 1024 * 1024) return current;
      previous = current;
    }
    return previous;
  };
  const [a, b] = await Promise.all([settle('a'), settle('b')]);
  return { a, b };
}

/** The phases, in order: what goes wrong at the start of each, and how it is put right at its end. */
export function faultPhases(stack) {
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
      // In the background: the load runs while Prometheus is down and coming back.
      start: async () => {
        stack.pendingRestart = sleep(500).then(() =>
          stack.prometheus.restart(),
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
  ];
}

/** Every `source:state` pair in a status answer (e.g. `argocd:unreachable`), sorted, unique. */
export function sourceStates(json) {
  const found = new Set();
  const walk = value => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if (typeof value.source === 'string' && typeof value.state === 'string') {
        found.add(`${value.source}:${value.state}`);
      }
      Object.values(value).forEach(walk);
    }
  };
  walk(json);
  return [...found].sort();
}

/**
 * Runs every phase for `phaseSeconds` with `connections` clients. Returns the per-phase rows and the
 * replicas' RSS at start and end (bytes).
 */
export async function runLoadAndFaults(stack, { phaseSeconds, connections }) {
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
  const rssStart = await settledRss(stack);
  const rows = [];
  for (const phase of faultPhases(stack)) {
    await phase.start();
    const sample = sleep((phaseSeconds * 1000) / 2).then(() =>
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
    rows.push({
      phase: phase.name,
      ...result,
      sample: `${sampled.status} ${
        sourceStates(sampled.json)
          .filter(s => !s.endsWith(':ok'))
          .join(' ') || 'all sources ok'
      }`,
    });
  }
  const rssEnd = await settledRss(stack);
  return { rows, rssStart, rssEnd };
}

const mb = bytes => (bytes / 1024 / 1024).toFixed(1);

/** The result as a text table. */
export function formatTable(
  { rows, rssStart, rssEnd },
  { phaseSeconds, connections },
) {
  const header = [
    'phase',
    'requests',
    '2xx',
    'non-2xx',
    'errors',
    'timeouts',
    'p50 ms',
    'p99 ms',
    'max ms',
    'status sampled mid-phase',
  ];
  const body = rows.map(r => [
    r.phase,
    r.requests,
    r.ok,
    r.non2xx,
    r.errors,
    r.timeouts,
    r.p50,
    r.p99,
    r.max,
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
    total.ok,
    total.non2xx,
    total.errors,
    total.timeouts,
    '',
    `${total.p99} (worst)`,
    total.max,
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
    `backend RSS: replica a ${mb(rssStart.a)} MB → ${mb(rssEnd.a)} MB (${mb(rssEnd.a - rssStart.a)} MB), replica b ${mb(rssStart.b)} MB → ${mb(rssEnd.b)} MB (${mb(rssEnd.b - rssStart.b)} MB)`,
  ];
  return { text: out.join('\n'), total };
}
