// `npm run bench`: Meshport's benchmark against a real Prometheus and the real backend. Prints a table
// and writes bench-results/bench-<date>.json. `--quick` is the small variant CI runs (N = 10 and 100,
// short load, no app build); `--mesh-graph` runs only the mesh graph's section at its sizes (with
// `--quick`, the quick sizes); `--scale` runs only the overview at 2,000 and 5,000 services (lib/scale.mjs),
// which the full variant runs last; `--cpu-prof` makes every backend write a CPU profile to
// bench-results/profiles/ (see lib/profile.mjs). A section that cannot run fails loudly with its reason; the exit code is
// then 1.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startBackend } from './lib/backend.mjs';
import { frontendSection } from './lib/frontend.mjs';
import {
  callGraphSeries,
  checkConstantPromql,
  meshGraphSection,
} from './lib/meshGraph.mjs';
import { overviewSection } from './lib/overview.mjs';
import { enableCpuProfiles, PROFILE_DIR } from './lib/profile.mjs';
import { printReport, targetsOf } from './lib/report.mjs';
import { scaleSection } from './lib/scale.mjs';
import { dryRunSection, generateSection } from './lib/scaffolder.mjs';
import { statusSection } from './lib/status.mjs';
import { ROOT } from './lib/ts.mjs';
import { startUpstreams } from './lib/upstreams.mjs';

const OPTIONS = ['--quick', '--mesh-graph', '--scale', '--cpu-prof'];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const meshGraphOnly = args.includes('--mesh-graph');
const scaleOnly = args.includes('--scale');
// Each backend writes a CPU profile, read with scripts/bench/profile-summary.mjs.
const cpuProf = args.includes('--cpu-prof');
if (cpuProf) enableCpuProfiles();
const unknown = args.filter(a => !OPTIONS.includes(a));
if (unknown.length) {
  console.error(
    `Unknown arguments: ${unknown.join(' ')} (the options are ${OPTIONS.join(', ')})`,
  );
  process.exit(2);
}

const plan = quick
  ? {
      // Two sizes, so that the mesh graph's PromQL count is checked against N in CI too.
      sizes: [10, 100],
      overviewSamples: 3,
      coldSamples: 3,
      load: { connections: 50, seconds: 3, referenceSeconds: 3 },
      generateRuns: 5,
      dryRuns: 1,
      frontend: false,
      scale: false,
    }
  : {
      sizes: [10, 100, 500],
      overviewSamples: 5,
      coldSamples: 5,
      load: { connections: 50, seconds: 30, referenceSeconds: 10 },
      generateRuns: 20,
      dryRuns: 5,
      frontend: true,
      tabSamples: 5,
      scale: true,
      scaleSamples: 3,
    };
// Section 1 backends (overview and mesh graph): a 2 s cache TTL, so that each overview sample taken after a pause is cold.
const OVERVIEW_TTL_SECONDS = 2;
const MESH_MINUTES = 30;
// Added to every upstream call for the second set of cold status samples: a remote Argo CD, Kiali and
// Prometheus rather than loopback ones.
const SIMULATED_LATENCY_MS = 50;
const AHEAD_MINUTES = 15;

const started = Date.now();
const logDir = join(ROOT, 'bench-results', 'logs');
mkdirSync(logDir, { recursive: true });

const result = {
  date: new Date().toISOString(),
  // A profiled backend is slower: its figures are not compared with unprofiled runs.
  variant: `${quick ? 'quick' : 'full'}${meshGraphOnly ? ', mesh graph only' : ''}${scaleOnly ? ', scale only' : ''}${cpuProf ? ', CPU-profiled' : ''}`,
  // What was measured: the commit, and whether the work tree had changes on top of it.
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim(),
  uncommittedChanges:
    execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim() !== '',
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    prometheus: execFileSync('prometheus', ['--version'], { encoding: 'utf8' })
      .split('\n')[0]
      .trim(),
  },
  // 1, 5 and 15 minute load averages when the run started and ended: figures from a shared machine
  // are read against them.
  loadAverage: { start: os.loadavg().map(l => Math.round(l * 100) / 100) },
  plan,
  sections: {},
  rss: {},
  failures: [],
};

async function section(name, fn) {
  const t = Date.now();
  console.log(`== ${name}`);
  try {
    result.sections[name] = await fn();
    console.log(`   done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } catch (error) {
    result.sections[name] = { error: error.message };
    result.failures.push(`${name}: ${error.message}`);
    console.error(`!! ${name} FAILED: ${error.message}`);
  }
}

/** Runs `fn` with upstreams and a backend, records the backend's peak RSS under `label`. */
async function withStack(
  label,
  { workloads, namespaces, cacheTtlSeconds, viaLatencyProxies, extraSeries },
  fn,
) {
  const upstreams = await startUpstreams({
    workloads,
    namespaces,
    minutes: MESH_MINUTES,
    aheadMinutes: AHEAD_MINUTES,
    extraSeries,
  });
  let backend;
  try {
    backend = await startBackend({
      upstreams,
      cacheTtlSeconds,
      viaLatencyProxies,
      logDir,
      label,
    });
    console.log(
      `   backend ready in ${(backend.startup.readyMs / 1000).toFixed(1)} s, catalog of ${workloads} components in ${(backend.startup.catalogMs / 1000).toFixed(1)} s, idle after ${(backend.startup.settleMs / 1000).toFixed(1)} s more; Prometheus backfill ${upstreams.prometheus.samples} samples in ${(upstreams.prometheus.timings.backfillMs / 1000).toFixed(1)} s`,
    );
    const value = await fn({ backend, upstreams });
    result.rss[label] = await backend.peakRss();
    return value;
  } finally {
    if (backend) await backend.stop();
    await upstreams.stop();
  }
}

if (!meshGraphOnly && !scaleOnly) {
  await section('scaffolder generate', () =>
    generateSection({ runs: plan.generateRuns }),
  );
}

// One stack per size for the overview and the mesh graph: the call graph's edge metrics are backfilled
// with the mesh, and the backend started once.
const callGraph = await callGraphSeries();
for (const n of scaleOnly ? [] : plan.sizes) {
  const graphName = `mesh graph N=${n}`;
  const stackName = meshGraphOnly ? graphName : `overview N=${n}`;
  await section(stackName, () =>
    withStack(
      stackName,
      {
        workloads: n,
        cacheTtlSeconds: OVERVIEW_TTL_SECONDS,
        extraSeries: callGraph,
      },
      async ctx => {
        const measure = {
          ...ctx,
          samples: plan.overviewSamples,
          ttlMs: OVERVIEW_TTL_SECONDS * 1000,
        };
        // Each measured even when the other fails.
        const overview = meshGraphOnly
          ? undefined
          : await overviewSection(measure).catch(error => ({ error }));
        const graph = await meshGraphSection(measure).catch(error => ({
          error: error.message,
        }));
        if (meshGraphOnly) {
          if (graph.error) throw new Error(graph.error);
          return graph;
        }
        result.sections[graphName] = graph;
        if (overview.error) throw overview.error;
        return overview;
      },
    ),
  );
  const graph = (result.sections[graphName] ??= {
    error: 'not run: its backend or upstreams did not start',
  });
  if (graph.error && !meshGraphOnly) {
    result.failures.push(`${graphName}: ${graph.error}`);
    console.error(`!! ${graphName} FAILED: ${graph.error}`);
  }
}
const graphs = Object.entries(result.sections)
  .filter(([k]) => k.startsWith('mesh graph N='))
  .map(([, v]) => v);
try {
  checkConstantPromql(graphs);
} catch (error) {
  result.failures.push(`mesh graph: ${error.message}`);
  console.error(`!! mesh graph FAILED: ${error.message}`);
}

// Sections 2-4 share one backend with the default cache TTL, reaching the upstreams through latency
// proxies; 20 workloads, each in its own namespace, so every entity's first request is cold in every
// source.
if (!meshGraphOnly && !scaleOnly) {
  await section('entity status', () =>
    withStack(
      'status, scaffolder, browser',
      { workloads: 20, namespaces: 20, viaLatencyProxies: true },
      async ctx => {
        const status = await statusSection({
          ...ctx,
          samples: plan.coldSamples,
          latencyMs: SIMULATED_LATENCY_MS,
          load: plan.load,
        });
        const dryRun = await dryRunSection({
          token: ctx.backend.token,
          runs: plan.dryRuns,
        }).catch(error => ({ error: error.message }));
        const frontend = plan.frontend
          ? await frontendSection({
              components: ctx.backend.components.slice(status.unused),
              workloads: ctx.upstreams.mesh.workloads.slice(status.unused),
              tabSamples: plan.tabSamples,
            })
          : undefined;
        return { status, dryRun, frontend };
      },
    ),
  );
  // Split the combined run into its sections for the report.
  const combined = result.sections['entity status'];
  if (combined && !combined.error) {
    result.sections['entity status'] = combined.status;
    const parts = {
      'scaffolder dry-run': combined.dryRun,
      ...(combined.frontend
        ? {
            'app build': combined.frontend.build,
            bundle: combined.frontend.bundle,
            navigation: combined.frontend.navigation,
          }
        : { navigation: { skipped: '--quick does not build the app' } }),
    };
    for (const [name, value] of Object.entries(parts)) {
      result.sections[name] = value;
      if (value.error) result.failures.push(`${name}: ${value.error}`);
    }
  }
}

// Last: the overview at 2,000 and 5,000 services, on a mesh generated once (lib/scale.mjs).
if (scaleOnly || (plan.scale && !meshGraphOnly)) {
  await section('scale', () =>
    scaleSection({
      samples: plan.scaleSamples ?? 3,
      ttlMs: OVERVIEW_TTL_SECONDS * 1000,
      logDir,
      appBuilt: result.sections['app build']?.ms !== undefined,
    }),
  );
  for (const error of result.sections.scale?.errors ?? [])
    result.failures.push(`scale ${error}`);
  const sizes = Object.values(result.sections.scale?.sizes ?? {}).filter(
    size => !size.error,
  );
  for (const size of sizes)
    result.rss[`scale N=${size.n}`] = size.memory.peakBytes;
  const page = sizes.find(size => size.overviewPage)?.overviewPage;
  if (page?.error) result.failures.push(`overview page: ${page.error}`);
}

result.durationSec = Math.round((Date.now() - started) / 1000);
result.loadAverage.end = os.loadavg().map(l => Math.round(l * 100) / 100);
result.targets = targetsOf(result);
const file = join(
  ROOT,
  'bench-results',
  `bench-${result.date.replace(/[:.]/g, '-')}.json`,
);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
printReport(result);
console.log(`\nResults: ${file}`);
if (cpuProf) {
  console.log(
    `CPU profiles and phases: ${PROFILE_DIR} (node scripts/bench/profile-summary.mjs <file> --phase <name>)`,
  );
}
if (result.failures.length) {
  console.error(
    `\n${result.failures.length} section(s) failed:\n- ${result.failures.join('\n- ')}`,
  );
  process.exit(1);
}
