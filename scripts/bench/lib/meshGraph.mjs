// The overview's mesh graph (`GET /graph`) for N services: a call graph generated from a formula and
// backfilled beside the synthetic mesh with the backend tests' edge generator, the route timed cold and
// warm through the real backend, its PromQL counted per request, and the same PromQL straight to
// Prometheus (the backend's own classes) as the floor.
import { join } from 'node:path';
import { cpuTicks, getJson, guestToken } from './backend.mjs';
import { phase } from './profile.mjs';
import { median, round, sleep, timed } from './stats.mjs';
import { countsSince } from './upstreams.mjs';
import { loadTs, ROOT } from './ts.mjs';

const PROMETHEUS = join(
  ROOT,
  'plugins/service-mesh-backend/src/services/prometheus/index.ts',
);
const PROMETHEUS_TEST_UTILS = join(
  ROOT,
  'plugins/service-mesh-backend/src/__testUtils__/prometheus/index.ts',
);

/** Linux's clock tick (`getconf CLK_TCK` = 100), the unit of /proc/<pid>/stat's CPU times. */
const TICK_MS = 10;
/** The environment the bench's Argo CD applications are labelled with (applicationOf). */
const ENVIRONMENT = 'prod';
/** Cold calls of new callers per size (a new token each), beside the kept-view caller's samples. */
const NEW_CALLER_SAMPLES = 3;
/** Synthetic workload kinds that serve traffic during the run (idle stopped, silent has no sidecar). */
const SERVING = new Set(['steady', 'burst', 'partial-mtls']);

function protocolOf(e) {
  if (e % 20 === 19) return 'tcp';
  if (e % 10 === 9) return 'grpc';
  return 'http';
}

/**
 * The call graph of a synthetic mesh, from a formula: the k-th serving workload of M calls the
 * (k + 1)-th and the (3k + 7)-th (mod M); edge e is tcp when e mod 20 = 19, grpc when e mod 10 = 9,
 * else http, at 1 + e mod 5 requests (connections) per second; calls into a `burst` workload fail 10 %,
 * calls into a `partial-mtls` workload are half plaintext. About 1.2 edges per service.
 */
export function callGraph(mesh) {
  const serving = mesh.workloads.filter(w => SERVING.has(w.kind));
  const m = serving.length;
  const end = w => ({ namespace: w.namespace, workload: w.workload });
  const edges = [];
  serving.forEach((caller, k) => {
    const callees = new Set([(k + 1) % m, (3 * k + 7) % m]);
    callees.delete(k);
    for (const j of callees) {
      const e = edges.length;
      const callee = serving[j];
      const protocol = protocolOf(e);
      edges.push({
        source: end(caller),
        destination: end(callee),
        protocol,
        rate: 1 + (e % 5),
        errorShare: callee.kind === 'burst' ? 0.1 : 0,
        mtlsShare: callee.kind === 'partial-mtls' ? 0.5 : 1,
        latencyMs: [5 + (e % 4) * 5, 40 + (e % 4) * 60],
        ...(protocol === 'tcp' ? { bytesPerSecond: 2000 * (1 + (e % 3)) } : {}),
      });
    }
  });
  return edges;
}

/** `extraSeries` for startUpstreams: the call graph's Istio metrics, from both reporters. */
export async function callGraphSeries() {
  const { edgeSeries } = await loadTs(PROMETHEUS_TEST_UTILS);
  return mesh => edgeSeries(mesh, callGraph(mesh));
}

const id = end => `${end.namespace}/${end.workload}`;
const close = (a, b) =>
  a === b ||
  (typeof a === 'number' &&
    typeof b === 'number' &&
    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

/**
 * Checks a graph answer against the call graph: source ok, every generated edge present with the
 * values the formula gives (exact to 1e-9), no other edge between workloads. Edges from the unknown
 * caller (the mesh's own server-side series carry no source labels) are counted, not checked.
 */
async function checkGraph(response, edges) {
  const { expectedEdge } = await loadTs(PROMETHEUS_TEST_UTILS);
  if (response.graph.state !== 'ok') {
    throw new Error(
      `graph source ${response.graph.state}: ${response.graph.message}`,
    );
  }
  const got = new Map(
    response.graph.data.edges
      .filter(e => e.source !== 'unknown')
      .map(e => [`${e.source} → ${e.target}`, e]),
  );
  for (const edge of edges) {
    const key = `${id(edge.source)} → ${id(edge.destination)}`;
    const actual = got.get(key);
    if (!actual) throw new Error(`the graph lacks the edge ${key}`);
    for (const [field, value] of Object.entries(expectedEdge(edge))) {
      if (!close(actual[field], value)) {
        throw new Error(
          `edge ${key}: ${field} is ${actual[field]}, the formula gives ${value}`,
        );
      }
    }
    got.delete(key);
  }
  if (got.size) {
    throw new Error(
      `the graph has ${got.size} edges the call graph does not: ${[...got.keys()].slice(0, 3).join(', ')}`,
    );
  }
  return {
    nodes: response.graph.data.nodes.length,
    edges: response.graph.data.edges.length,
    fromUnknown: response.graph.data.edges.length - edges.length,
  };
}

/**
 * The floor: the graph's PromQL (the mesh's edges, every namespace) sent to Prometheus by the backend's
 * own classes, with the same window, cluster grouping (none: the bench configures no clusters) and
 * recording-rule choice (off) as the route, so the same five query strings; through the same counting
 * proxy the backend's queries pass, so that both pay its hop.
 */
async function floor(upstreams) {
  const p = await loadTs(PROMETHEUS);
  const client = new p.PrometheusClient({
    baseUrl: upstreams.proxy.url,
    timeoutMs: 30_000,
  });
  const edges = new p.PrometheusEdges(client);
  const { ms } = await timed(() =>
    edges.meshEdges(p.rateWindowSec(), Math.floor(Date.now() / 1000)),
  );
  return { ms, queries: client.requestCount };
}

/**
 * One cold `GET /graph` (the upstream answers expired) with `token`: its wall time, the backend's CPU
 * time, its upstream requests, and its answer checked against the call graph.
 */
async function coldCall({ backend, upstreams, path, token, edges, phaseName }) {
  const before = upstreams.counts();
  const ticks = await cpuTicks(backend.pid);
  const { ms, result } = await phase(phaseName, () =>
    timed(() => getJson(path, token)),
  );
  const cpuMs = ((await cpuTicks(backend.pid)) - ticks) * TICK_MS;
  const requests = countsSince(before, upstreams.counts());
  return { ms, cpuMs, requests, shape: await checkGraph(result, edges) };
}

const summary = calls => ({
  ms: round(median(calls.map(c => c.ms))),
  samplesMs: calls.map(c => round(c.ms)),
  // The backend process's CPU time (user + system) during each cold call, in 10 ms ticks: on a
  // shared machine the wall times move with the load, this much less.
  cpuMs: round(calls.reduce((sum, c) => sum + c.cpuMs, 0) / calls.length),
  cpuSamplesMs: calls.map(c => c.cpuMs),
});

/**
 * Measures `GET /graph` on the running backend (cache TTL `ttlMs`, so each sample after a pause is
 * cold): `samples` cold calls of one caller, whose catalog view the backend keeps from its first call
 * (as when the overview page, then its graph, is opened, or the graph is reloaded), with their
 * upstream requests; up to NEW_CALLER_SAMPLES cold calls of new callers (a new token each: the catalog read as well);
 * warm calls; and the floor after each cold call.
 */
export async function meshGraphSection({ backend, upstreams, samples, ttlMs }) {
  const n = upstreams.mesh.workloads.length;
  const edges = callGraph(upstreams.mesh);
  const path = `/api/service-mesh/graph?environment=${ENVIRONMENT}`;
  // The route's code is loaded lazily (the overview, measured before, loaded most of it): one call
  // first, which also reads the caller's catalog view.
  const { namespaces } = await getJson(path, backend.token);
  const call = { backend, upstreams, path, edges };
  const floorRuns = [];
  // A floor sample right after each cold one, while the backend's cache expires: both see the same
  // load on a shared machine.
  const floorThenExpire = async () => {
    const waited = Date.now();
    floorRuns.push(await floor(upstreams));
    await sleep(Math.max(0, ttlMs + 200 - (Date.now() - waited)));
  };
  await sleep(ttlMs + 200);
  const cold = [];
  const newCaller = [];
  const warm = [];
  let warmRequests;
  for (let i = 0; i < samples; i++) {
    cold.push(
      await coldCall({
        ...call,
        token: backend.token,
        phaseName: 'graph cold',
      }),
    );
    if (i === samples - 1) {
      // Right after a cold call, within the TTL: answered from the cache.
      const beforeWarm = upstreams.counts();
      await phase('graph warm', async () => {
        for (let j = 0; j < 3; j++)
          warm.push((await timed(() => getJson(path, backend.token))).ms);
      });
      warmRequests = countsSince(beforeWarm, upstreams.counts());
    }
    await floorThenExpire();
    if (i < NEW_CALLER_SAMPLES) {
      const token = await guestToken();
      newCaller.push(
        await coldCall({ ...call, token, phaseName: 'graph cold, new caller' }),
      );
      await floorThenExpire();
    }
  }
  const promql = new Set(
    [...cold, ...newCaller].map(c => c.requests.prometheus),
  );
  if (promql.size !== 1) {
    throw new Error(
      `cold graph samples sent different numbers of PromQL queries: ${[...promql].join(', ')}`,
    );
  }

  const floorMs = median(floorRuns.map(f => f.ms));
  const coldSummary = summary(cold);
  const newCallerSummary = summary(newCaller);
  return {
    n,
    namespaces: namespaces.length,
    graph: { ...cold[0].shape, generatedEdges: edges.length },
    coldMs: coldSummary.ms,
    coldSamplesMs: coldSummary.samplesMs,
    upstreamRequests: cold[0].requests,
    promqlPerRequest: cold[0].requests.prometheus,
    coldCpuMs: coldSummary.cpuMs,
    coldCpuSamplesMs: coldSummary.cpuSamplesMs,
    newCaller: {
      ...newCallerSummary,
      overFloor: round(newCallerSummary.ms / floorMs, 2),
    },
    warmMs: round(median(warm)),
    warmUpstreamRequests: warmRequests,
    floor: {
      ms: round(floorMs),
      samplesMs: floorRuns.map(f => round(f.ms)),
      prometheusRequests: floorRuns[0].queries,
    },
    coldOverFloor: round(coldSummary.ms / floorMs, 2),
  };
}

/**
 * Fails (throws) when the graph's PromQL per cold request differs between sizes, or differs from the
 * floor's: the count must not grow with the number of services.
 */
export function checkConstantPromql(graphs) {
  const ok = graphs.filter(g => g && !g.error);
  const counts = new Set(ok.map(g => g.promqlPerRequest));
  if (counts.size > 1) {
    throw new Error(
      `the mesh graph's PromQL per request grows with N: ${ok.map(g => `N=${g.n}: ${g.promqlPerRequest}`).join(', ')}`,
    );
  }
  const unlike = ok.filter(
    g => g.promqlPerRequest !== g.floor.prometheusRequests,
  );
  if (unlike.length) {
    throw new Error(
      `the mesh graph sent other PromQL than its floor: ${unlike.map(g => `N=${g.n}: ${g.promqlPerRequest} vs ${g.floor.prometheusRequests}`).join(', ')}`,
    );
  }
}
