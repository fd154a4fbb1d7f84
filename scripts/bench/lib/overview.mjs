// Section 1: the mesh overview for N entities, against the per-entity baseline and the floor.
import { join } from 'node:path';
import { getJson, guestToken } from './backend.mjs';
import { phase } from './profile.mjs';
import { median, pool, round, sleep, timed } from './stats.mjs';
import { countsSince, TOKENS } from './upstreams.mjs';
import { loadTs, ROOT } from './ts.mjs';

const PROMETHEUS = join(
  ROOT,
  'plugins/service-mesh-backend/src/services/prometheus/index.ts',
);

/**
 * Browsers open at most six HTTP/1.1 connections per host; the peer plugins' per-card queries go through
 * one proxy host, so the baseline runs six at a time.
 */
export const BASELINE_CONCURRENCY = 6;

async function prometheusModule() {
  return loadTs(PROMETHEUS);
}

/**
 * The per-entity baseline: the numbers an overview row shows, fetched the way peer plugins do — one
 * PromQL per signal per entity (requests, 5xx, p99 latency, mTLS share) through the counting proxy, and
 * one Argo CD application GET per entity.
 */
async function perEntityBaseline(upstreams, authHeader) {
  const p = await prometheusModule();
  const window = p.rateWindowSec();
  const now = Math.floor(Date.now() / 1000);
  const tasks = [];
  for (const w of upstreams.mesh.workloads) {
    const scope = {
      kind: 'workload',
      target: { namespace: w.namespace, workload: w.workload },
    };
    for (const promql of [
      p.trafficQuery(scope, window),
      p.errorsQuery(scope, window),
      p.latencyQuery(0.99, scope, window),
      p.mutualTlsQuery(scope, window),
    ]) {
      tasks.push(async () => {
        const res = await fetch(
          `${upstreams.proxy.url}/api/v1/query?${new URLSearchParams({ query: promql, time: String(now) })}`,
        );
        if (!res.ok)
          throw new Error(
            `baseline PromQL failed: ${res.status} ${await res.text()}`,
          );
        return (await res.json()).data.result.length;
      });
    }
    tasks.push(async () => {
      const res = await fetch(
        `${upstreams.argocd.url}/api/v1/applications/${encodeURIComponent(w.workload)}`,
        { headers: authHeader },
      );
      if (!res.ok)
        throw new Error(`baseline Argo CD GET failed: ${res.status}`);
      return (await res.json()).metadata.name ? 1 : 0;
    });
  }
  const before = upstreams.counts();
  const { ms } = await timed(() => pool(tasks, BASELINE_CONCURRENCY));
  return { ms, requests: countsSince(before, upstreams.counts()) };
}

/**
 * The floor: the overview's own batched PromQL (the backend's classes), straight to Prometheus; with
 * `recordingRules`, the queries over the recorded series, as the backend then sends them.
 */
async function floor(upstreams, recordingRules) {
  const p = await prometheusModule();
  const client = new p.PrometheusClient({
    baseUrl: upstreams.prometheus.url,
    timeoutMs: 30_000,
  });
  const signals = new p.PrometheusGoldenSignals(client, undefined, {
    recordingRules,
  });
  const before = client.requestCount;
  const { ms, result } = await timed(() => signals.overviewValues());
  const withTraffic = [...result.values()].filter(
    v => v.requestsPerSecond !== null,
  ).length;
  return { ms, requests: client.requestCount - before, withTraffic };
}

/** Checks that an overview answer is complete: one row per entity, every source ok. */
function checkOverview(overview, n) {
  if (overview.rows.length !== n) {
    throw new Error(
      `the overview has ${overview.rows.length} rows, expected ${n}`,
    );
  }
  const failed = overview.sources.filter(s => s.state !== 'ok');
  if (failed.length) {
    throw new Error(
      `overview sources failed: ${failed.map(s => `${s.source} ${s.state}: ${s.message}`).join('; ')}`,
    );
  }
  // Four in five synthetic workloads have traffic (the fifth kind has no sidecar).
  const withTraffic = overview.rows.filter(
    r => r.requestsPerSecond !== null,
  ).length;
  if (withTraffic < Math.floor((n * 3) / 5)) {
    throw new Error(
      `only ${withTraffic} of ${n} overview rows have traffic values`,
    );
  }
  return withTraffic;
}

/**
 * Measures the overview for the running backend (cacheTtlSeconds 1, so each sample after a pause is
 * cold): `samples` cold calls, one warm call, the baseline and the floor, all in this run.
 */
export async function overviewSection({
  backend,
  upstreams,
  samples,
  ttlMs,
  // The per-entity baseline: 5 requests per entity, left out at the scale sizes.
  withBaseline = true,
  // The backend reads the recorded series (serviceMesh.prometheus.recordingRules); so does the floor.
  recordingRules = false,
  // Unequal request counts between cold samples fail the section; at the scale sizes they are reported.
  strictRequests = true,
}) {
  const n = upstreams.mesh.workloads.length;
  const path = '/api/service-mesh/overview';
  // A few calls first: the backend's code paths are loaded and compiled lazily.
  for (let i = 0; i < 3; i++) {
    checkOverview(await getJson(path, backend.token), n);
    await sleep(ttlMs + 200);
  }

  // Every measured call is a new caller's (a new guest token): it reads the catalog as that caller,
  // the work the floor's catalog query stands for; a caller's kept view is measured with the graph.
  const cold = [];
  let warm;
  for (let i = 0; i < samples; i++) {
    const before = upstreams.counts();
    const token = await guestToken();
    const { ms, result } = await phase('overview cold', () =>
      timed(() => getJson(path, token)),
    );
    const requests = countsSince(before, upstreams.counts());
    const rowsWithTraffic = checkOverview(result, n);
    cold.push({ ms, requests, rowsWithTraffic });
    if (i === samples - 1) {
      // Within the TTL: answered from the cache.
      const beforeWarm = upstreams.counts();
      const w = [];
      const tokens = [];
      for (let j = 0; j < 5; j++) tokens.push(await guestToken());
      await phase('overview warm', async () => {
        for (const t of tokens)
          w.push((await timed(() => getJson(path, t))).ms);
      });
      warm = {
        ms: median(w),
        requests: countsSince(beforeWarm, upstreams.counts()),
      };
    }
    await sleep(ttlMs + 200);
  }
  const requestTotals = new Set(cold.map(c => c.requests.total));
  if (requestTotals.size !== 1 && strictRequests) {
    throw new Error(
      `cold overview samples made different numbers of upstream requests: ${[...requestTotals].join(', ')}`,
    );
  }

  // The catalog query the overview route makes with the caller's credentials, alone: all fields (as
  // the route asks today) and only the fields an overview row uses.
  const catalogQuery = `/api/catalog/entities?${[
    'meshport.io/workload',
    'argocd/app-name',
    'argocd/app-selector',
  ]
    .map(k => `filter=metadata.annotations.${encodeURIComponent(k)}`)
    .join('&')}`;
  const rowFields =
    'fields=kind,metadata.namespace,metadata.name,metadata.title,metadata.annotations,spec.owner,spec.system';
  const catalogAll = [];
  const catalogFields = [];
  for (let i = 0; i < 3; i++) {
    catalogAll.push(
      (await timed(() => getJson(catalogQuery, backend.token))).ms,
    );
    catalogFields.push(
      (
        await phase('catalog row fields', () =>
          timed(() => getJson(`${catalogQuery}&${rowFields}`, backend.token)),
        )
      ).ms,
    );
  }

  const authHeader = { authorization: `Bearer ${TOKENS.argocd}` };
  // The Argo CD list the overview asks for (every application), fetched and parsed directly: the
  // overview waits for it before it can scope its PromQL to the applications' namespaces.
  const argocdList = [];
  for (let i = 0; i < 3; i++) {
    argocdList.push(
      (
        await timed(async () => {
          const res = await fetch(
            `${upstreams.argocd.url}/api/v1/applications`,
            {
              headers: authHeader,
            },
          );
          return (await res.json()).items.length;
        })
      ).ms,
    );
  }
  const baselineRuns = [];
  for (let i = 0; i < (withBaseline ? Math.min(samples, 3) : 0); i++) {
    baselineRuns.push(await perEntityBaseline(upstreams, authHeader));
  }
  const floorRuns = [];
  for (let i = 0; i < samples; i++)
    floorRuns.push(await floor(upstreams, recordingRules));

  const overviewMs = median(cold.map(c => c.ms));
  const baselineMs = withBaseline
    ? median(baselineRuns.map(b => b.ms))
    : undefined;
  const floorMs = median(floorRuns.map(f => f.ms));
  const overviewRequests = cold[0].requests;
  const baselineRequests = baselineRuns[0]?.requests;
  return {
    n,
    overview: {
      coldMs: round(overviewMs),
      coldSamplesMs: cold.map(c => round(c.ms)),
      coldSamplesRequests: cold.map(c => c.requests),
      upstreamRequests: overviewRequests,
      rowsWithTraffic: cold[0].rowsWithTraffic,
      warmMs: round(warm.ms),
      warmUpstreamRequests: warm.requests,
      catalogQueryMs: round(median(catalogAll)),
      catalogQueryRowFieldsMs: round(median(catalogFields)),
      argocdListMs: round(median(argocdList)),
    },
    baseline: withBaseline && {
      ms: round(baselineMs),
      samplesMs: baselineRuns.map(b => round(b.ms)),
      upstreamRequests: baselineRequests,
      concurrency: BASELINE_CONCURRENCY,
    },
    floor: {
      ms: round(floorMs),
      samplesMs: floorRuns.map(f => round(f.ms)),
      prometheusRequests: floorRuns[0].requests,
      rowsWithTraffic: floorRuns[0].withTraffic,
    },
    ratios: {
      requestsBaselineOverOverview:
        baselineRequests &&
        round(baselineRequests.total / overviewRequests.total),
      wallBaselineOverOverview: baselineMs && round(baselineMs / overviewMs),
      wallOverviewOverFloor: round(overviewMs / floorMs, 2),
    },
  };
}
