// Section 2: entity status — cold latency against its upstream calls, warm latency under load
// (autocannon), upstream calls during the load, and coalescing of identical concurrent cold requests.
import { join } from 'node:path';
import autocannon from 'autocannon';
import { getJson } from './backend.mjs';
import { phase } from './profile.mjs';
import { median, quantile, round, timed } from './stats.mjs';
import { countsSince, TOKENS } from './upstreams.mjs';
import { loadTs, ROOT } from './ts.mjs';

const statusPath = component =>
  `/api/service-mesh/entities/component/default/${component.metadata.name}/status`;
const catalogPath = component =>
  `/api/catalog/entities/by-name/component/default/${component.metadata.name}`;

/**
 * Checks that every upstream source of a status answered (Git is not configured: the bench catalog's
 * entities have no manifests location).
 */
function checkStatus(status, component) {
  const failed = status.environments.flatMap(e =>
    [e.argocd, e.mtls.reported, e.mtls.observed, e.signals].filter(
      s => s.state !== 'ok',
    ),
  );
  if (status.environments.length !== 1 || failed.length) {
    throw new Error(
      `status of ${component.metadata.name} is incomplete: ${status.environments.length} environments; ${failed
        .map(s => `${s.source} ${s.state}: ${s.message}`)
        .join('; ')}`,
    );
  }
}

/**
 * Each upstream call one status request depends on, made directly and one at a time: the Argo CD list
 * and resource tree, Kiali's TLS, health and workload, and the batched PromQL (recorded from the
 * backend's own PrometheusGoldenSignals). Returns the latency of each, by name.
 */
async function upstreamCalls(upstreams, workload) {
  const p = await loadTs(
    join(ROOT, 'plugins/service-mesh-backend/src/services/prometheus/index.ts'),
  );
  const recorded = [];
  const recorder = new p.PrometheusGoldenSignals({
    query: async promql => {
      recorded.push(promql);
      return [];
    },
  });
  const target = { namespace: workload.namespace, workload: workload.workload };
  await recorder.currentValues([target]);
  await recorder.observedMtls([target]);
  // The same way the backend goes: through the latency proxies (and Prometheus' counting proxy).
  const { latency } = upstreams;
  const client = new p.PrometheusClient({
    baseUrl: latency.prometheus.url,
    timeoutMs: 30_000,
  });
  const now = Math.floor(Date.now() / 1000);
  const argo = { authorization: `Bearer ${TOKENS.argocd}` };
  const kiali = { authorization: `Bearer ${TOKENS.kiali}` };
  const get = async (url, headers) => {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.arrayBuffer();
  };
  const calls = {
    'argocd list': () =>
      get(
        `${latency.argocd.url}/api/v1/applications?name=${workload.workload}`,
        argo,
      ),
    'argocd resource tree': () =>
      get(
        `${latency.argocd.url}/api/v1/applications/${workload.workload}/resource-tree`,
        argo,
      ),
    'kiali tls': () =>
      get(
        `${latency.kiali.url}/kiali/api/clusters/tls?namespaces=${workload.namespace}`,
        kiali,
      ),
    'kiali health': () =>
      get(
        `${latency.kiali.url}/kiali/api/clusters/health?namespaces=${workload.namespace}&type=workload&rateInterval=10m`,
        kiali,
      ),
    'kiali workload': () =>
      get(
        `${latency.kiali.url}/kiali/api/namespaces/${workload.namespace}/workloads/${workload.workload}?health=true`,
        kiali,
      ),
  };
  recorded.forEach((promql, i) => {
    calls[`promql ${i + 1}`] = () => client.query(promql, now);
  });
  const latencies = {};
  for (const [name, call] of Object.entries(calls)) {
    latencies[name] = (await timed(call)).ms;
  }
  // The second stage as the route makes it, every call at once: upstreams that share the machine's
  // cores answer a burst more slowly than each call alone.
  const { ms: secondStageAtOnceMs } = await timed(() =>
    Promise.all(
      Object.entries(calls)
        .filter(([name]) => name !== 'argocd list')
        .map(([, call]) => call()),
    ),
  );
  return { latencies, secondStageAtOnceMs };
}

/** Latency under load: `connections` clients for `seconds` against `path` on the backend. */
async function load(backend, upstreams, path, { connections, seconds }) {
  const latencies = [];
  const before = upstreams.counts();
  const instance = autocannon({
    url: `${backend.url}${path}`,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${backend.token}` },
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  return {
    connections,
    seconds,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: round(quantile(latencies, 0.5), 2),
    p95Ms: round(quantile(latencies, 0.95), 2),
    p99Ms: round(quantile(latencies, 0.99), 2),
    maxMs: round(Math.max(...latencies), 2),
    upstreamRequests: countsSince(before, upstreams.counts()),
  };
}

/** Cold status requests for `components` (each requested for the first time), with their upstream calls. */
async function coldSamples(backend, upstreams, components, workloads) {
  const cold = [];
  for (let i = 0; i < components.length; i++) {
    const before = upstreams.counts();
    const { ms, result } = await phase('status cold', () =>
      timed(() => getJson(statusPath(components[i]), backend.token)),
    );
    const requests = countsSince(before, upstreams.counts());
    checkStatus(result, components[i]);
    const { latencies: calls, secondStageAtOnceMs } = await upstreamCalls(
      upstreams,
      workloads[i],
    );
    // The route reads the entity with the caller's credentials before anything else: the same lookup,
    // straight to the catalog with the same token.
    const { ms: catalogMs } = await timed(() =>
      getJson(catalogPath(components[i]), backend.token),
    );
    const slowest = Object.entries(calls).sort((a, b) => b[1] - a[1])[0];
    // The resource tree and the Kiali/Prometheus calls need the environment (namespace) that the Argo CD
    // list gives: the longest chain is the list, then the slowest call of the second stage.
    const second = Object.entries(calls)
      .filter(([name]) => name !== 'argocd list')
      .reduce((max, [, callMs]) => Math.max(max, callMs), 0);
    const chainMs = calls['argocd list'] + second;
    cold.push({
      ms,
      requests,
      slowestCall: { name: slowest[0], ms: slowest[1] },
      chainMs,
      catalogMs,
      floorMs: catalogMs + chainMs,
      floorAtOnceMs: catalogMs + calls['argocd list'] + secondStageAtOnceMs,
      calls,
    });
  }
  return {
    ms: round(median(cold.map(c => c.ms))),
    samplesMs: cold.map(c => round(c.ms)),
    upstreamRequests: cold[0].requests,
    slowestUpstreamCallMs: round(median(cold.map(c => c.slowestCall.ms))),
    slowestUpstreamCalls: cold.map(
      c => `${c.slowestCall.name} ${round(c.slowestCall.ms)}`,
    ),
    dependencyChainMs: round(median(cold.map(c => c.chainMs))),
    ratioToSlowestCall: round(
      median(cold.map(c => c.ms / c.slowestCall.ms)),
      2,
    ),
    ratioToChain: round(median(cold.map(c => c.ms / c.chainMs)), 2),
    catalogLookupMs: round(median(cold.map(c => c.catalogMs))),
    // Issue 17's floor: the catalog lookup, then the Argo CD list, then the slowest second-stage call.
    floorMs: round(median(cold.map(c => c.floorMs))),
    ratioToFloor: round(median(cold.map(c => c.ms / c.floorMs)), 2),
    // The same floor with the second stage's calls made at once, as the route makes them.
    floorAtOnceMs: round(median(cold.map(c => c.floorAtOnceMs))),
    ratioToFloorAtOnce: round(median(cold.map(c => c.ms / c.floorAtOnceMs)), 2),
    callsMs: Object.fromEntries(
      Object.keys(cold[0].calls).map(k => [
        k,
        round(median(cold.map(c => c.calls[k]))),
      ]),
    ),
  };
}

/**
 * Runs section 2 on a backend with the default cache TTL that reaches every upstream through a latency
 * proxy. Entities, each used once: [0] warms the code paths; then `samples` cold requests on loopback
 * (0 ms added) and `samples` with `latencyMs` added to every upstream call; then the coalescing burst
 * (with the latency, so that the 100 requests surely overlap). The warm load runs on loopback.
 */
export async function statusSection({
  backend,
  upstreams,
  samples,
  latencyMs,
  load: loadPlan,
}) {
  const components = backend.components;
  const workloads = upstreams.mesh.workloads;
  if (components.length < 2 * samples + 2) {
    throw new Error(
      `section 2 needs ${2 * samples + 2} entities, the catalog has ${components.length}`,
    );
  }
  upstreams.setLatency(0);
  // Compiles the backend's code paths (and caches the Kiali version, which is global).
  checkStatus(
    await getJson(statusPath(components[0]), backend.token),
    components[0],
  );

  const loopback = await coldSamples(
    backend,
    upstreams,
    components.slice(1, 1 + samples),
    workloads.slice(1, 1 + samples),
  );
  upstreams.setLatency(latencyMs);
  const remote = await coldSamples(
    backend,
    upstreams,
    components.slice(1 + samples, 1 + 2 * samples),
    workloads.slice(1 + samples, 1 + 2 * samples),
  );

  const coalesced = components[1 + 2 * samples];
  const beforeBurst = upstreams.counts();
  const burst = await Promise.all(
    Array.from({ length: 100 }, () =>
      fetch(`${backend.url}${statusPath(coalesced)}`, {
        headers: { authorization: `Bearer ${backend.token}` },
      }).then(res => res.status),
    ),
  );
  const burstRequests = countsSince(beforeBurst, upstreams.counts());
  upstreams.setLatency(0);

  const warm = await phase('status warm 50 clients', () =>
    load(backend, upstreams, statusPath(components[1]), loadPlan),
  );
  // The same cached answer with one client: the latency of a warm request without queueing.
  const warmOneClient = await phase('status warm 1 client', () =>
    load(backend, upstreams, statusPath(components[1]), {
      connections: 1,
      seconds: loadPlan.referenceSeconds,
    }),
  );
  // Reference: the catalog's own entity lookup (which the status route makes for every request, with
  // the caller's credentials) under the same load.
  const catalogReference = await phase('catalog lookup 50 clients', () =>
    load(backend, upstreams, catalogPath(components[1]), {
      connections: loadPlan.connections,
      seconds: loadPlan.referenceSeconds,
    }),
  );

  // The same lookup by one client: the cost of one request without queueing, and without concurrent
  // requests of the caller sharing a read (which the 50 clients, one token and one entity, do).
  const catalogOneClient = await load(
    backend,
    upstreams,
    catalogPath(components[1]),
    { connections: 1, seconds: loadPlan.referenceSeconds },
  );

  return {
    cold: loopback,
    coldWithLatency: { latencyMs, ...remote },
    warm,
    warmOneClient,
    catalogReference,
    catalogOneClient,
    oneClientP50OverCatalog: round(
      warmOneClient.p50Ms / catalogOneClient.p50Ms,
      2,
    ),
    warmOverCatalog: round(
      warm.requestsPerSecond / catalogReference.requestsPerSecond,
      2,
    ),
    coalescing: {
      latencyMs,
      simultaneousRequests: burst.length,
      failures: burst.filter(s => s !== 200).length,
      upstreamRequests: burstRequests,
      singleRequestUpstreamRequests: remote.upstreamRequests,
    },
    /** Entities this section did not touch, for the browser section. */
    unused: 2 + 2 * samples,
  };
}
