// Section 1c: the overview at 2,000 and 5,000 services (issue 17). The synthetic mesh of the largest
// size is generated and backfilled once, with the series of the backend's recording rules; each size
// gets its own backend (a catalog of N components) while the fake Argo CD and Kiali answer for the
// first N workloads (`serve`). Prometheus holds the largest mesh throughout, so the overview's unscoped
// PromQL, and its floor, read all of it at every size. Per size: the overview section's figures
// (without the per-entity baseline), the backend's peak RSS (VmHWM) and its RSS when idle after start
// and after the overview; memory growth per entity is the difference between sizes. At the largest
// size, the overview page in Chromium, and once more the overview with
// `serviceMesh.prometheus.recordingRules` on (its floor then the recorded queries).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend } from './backend.mjs';
import { buildApp } from './frontend.mjs';
import { overviewPageSection } from './overviewPage.mjs';
import { overviewSection } from './overview.mjs';
import { round } from './stats.mjs';
import { ROOT } from './ts.mjs';
import { startUpstreams } from './upstreams.mjs';

const RULES_FILE = join(
  ROOT,
  'plugins/service-mesh-backend/prometheus-rules.yaml',
);

/** Sizes of the scale section. */
export const SCALE_SIZES = [2000, 5000];
// The data must cover the section's run (the backend queries at the wall clock) plus the 5 minute rate
// window. Istio's metrics only (the overview reads nothing else), scraped every 30 s: 2.9 million
// samples for 5,000 workloads, where the other sections' shape (15 s, container metrics, 30 minutes)
// would take 25 million and several minutes to write and backfill.
const MINUTES = 20;
const AHEAD_MINUTES = 15;
const INTERVAL_SEC = 30;
const MB = 2 ** 20;

/**
 * Runs the scale section: `sizes` ascending, `samples` cold overview samples per size, `ttlMs` the
 * backends' cache TTL; `appBuilt` says whether this run already built packages/app (else it is built
 * here for the browser measurement).
 */
export async function scaleSection({
  sizes = SCALE_SIZES,
  samples,
  ttlMs,
  logDir,
  appBuilt,
  log = console.log,
}) {
  const largest = Math.max(...sizes);
  // The browser measurement needs the production app, which the full run built in section 4.
  let app = {};
  if (!appBuilt) {
    try {
      app = { buildMs: buildApp() };
    } catch (error) {
      app = { error: `the app build failed: ${error.message}` };
    }
  }
  const t0 = Date.now();
  const upstreams = await startUpstreams({
    workloads: largest,
    minutes: MINUTES,
    aheadMinutes: AHEAD_MINUTES,
    intervalSec: INTERVAL_SEC,
    istioOnly: true,
    recordingRules: [RULES_FILE],
  });
  const p = upstreams.prometheus;
  const data = {
    workloads: largest,
    minutes: MINUTES,
    intervalSec: INTERVAL_SEC,
    samples: p.samples,
    generateMs: p.timings.generateMs,
    backfillMs: p.timings.backfillMs,
    prometheusStartMs: p.timings.startMs,
    recordingRulesMs: p.timings.rulesMs,
    totalMs: Date.now() - t0,
  };
  log(
    `   mesh of ${largest} workloads: ${p.samples} samples written in ${(data.generateMs / 1000).toFixed(1)} s, backfilled in ${(data.backfillMs / 1000).toFixed(1)} s, Prometheus ready after ${(data.prometheusStartMs / 1000).toFixed(1)} s, recording rules backfilled in ${(data.recordingRulesMs / 1000).toFixed(1)} s`,
  );
  const result = { data, sizes: {} };
  // One catalog for every run: each backend ingests only the components added since the last one. On
  // tmpfs where there is one: SQLite's syncs to a disk made ingestion three times slower.
  const stateDir = mkdtempSync(
    join(
      existsSync('/dev/shm') ? '/dev/shm' : tmpdir(),
      'meshport-bench-scale-',
    ),
  );
  const runs = [
    ...sizes.map(n => ({ n })),
    { n: largest, recordingRules: true },
  ];
  const measure = async ({ n, recordingRules }) => {
    const view = upstreams.serve(n);
    const backend = await startBackend({
      upstreams: view,
      cacheTtlSeconds: ttlMs / 1000,
      recordingRules,
      stateDir,
      // Time the slow queries rather than cut them off at the defaults (Prometheus 5 s, answer 8 s,
      // the breaker's 1.5 s after which a last good answer is served).
      deadlineMs: 30_000,
      logDir,
      label: `scale N=${n}${recordingRules ? ' recorded' : ''}`,
    });
    try {
      const idleRss = await backend.rss();
      log(
        `   N=${n}: backend ready in ${(backend.startup.readyMs / 1000).toFixed(1)} s, catalog complete after ${(backend.startup.catalogMs / 1000).toFixed(1)} s, idle after ${(backend.startup.settleMs / 1000).toFixed(1)} s more, RSS ${Math.round(idleRss / MB)} MB`,
      );
      const overview = await overviewSection({
        backend,
        upstreams: view,
        samples,
        ttlMs,
        withBaseline: false,
        recordingRules,
        strictRequests: false,
      });
      const page =
        n === largest && !recordingRules
          ? await overviewPage({ workloads: view.mesh.workloads })
          : undefined;
      const measured = {
        ...overview,
        startup: backend.startup,
        memory: {
          idleAfterStartBytes: idleRss,
          afterOverviewBytes: await backend.rss(),
          peakBytes: await backend.peakRss(),
        },
        ...(page ? { overviewPage: page } : {}),
      };
      return measured;
    } finally {
      await backend.stop();
    }
  };
  try {
    for (const run of runs) {
      // Each run is reported even when another fails.
      const measured = await measure(run).catch(error => ({
        n: run.n,
        error: error.message,
      }));
      if (run.recordingRules) result.recorded = measured;
      else result.sizes[run.n] = measured;
    }
  } finally {
    await upstreams.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  result.memoryGrowth = growth(result.sizes);
  const failed = [...Object.values(result.sizes), result.recorded].filter(
    r => r?.error,
  );
  if (failed.length === runs.length) throw new Error(failed[0].error);
  result.errors = failed.map(r => `N=${r.n}: ${r.error}`);
  return result;

  async function overviewPage({ workloads }) {
    if (app.error) return { error: app.error };
    try {
      return {
        ...(await overviewPageSection({ workloads })),
        ...(app.buildMs ? { appBuildMs: app.buildMs } : {}),
      };
    } catch (error) {
      return { error: error.message };
    }
  }
}

/**
 * Memory per entity between the smallest and the largest size: the difference of peak RSS (VmHWM, the
 * conservative figure the target is judged on) and of RSS after the overview, over the difference in N.
 */
function growth(sizes) {
  const ns = Object.keys(sizes)
    .filter(n => !sizes[n].error)
    .map(Number)
    .sort((a, b) => a - b);
  if (ns.length < 2) return undefined;
  const [a, b] = [sizes[ns[0]], sizes[ns.at(-1)]];
  const perEntityKb = key =>
    round((b.memory[key] - a.memory[key]) / (ns.at(-1) - ns[0]) / 1024, 1);
  return {
    between: [ns[0], ns.at(-1)],
    peakKbPerEntity: perEntityKb('peakBytes'),
    afterOverviewKbPerEntity: perEntityKb('afterOverviewBytes'),
    idleAfterStartKbPerEntity: perEntityKb('idleAfterStartBytes'),
  };
}
