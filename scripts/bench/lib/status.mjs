// Section 2: entity status — cold latency against its upstream calls, warm latency under load
// (autocannon), upstream calls during the load, and coalescing of identical concurrent cold requests.
import { join } from 'node:path';
import autocannon from 'autocannon';
import { getJson } from './backend.mjs';
import { median, quantile, round, timed } from './stats.mjs';
import { countsSince, TOKENS } from './upstreams.mjs';
import { loadTs, ROOT } from './ts.mjs';

const statusPath = component =>
  `/api/service-mesh/entities/component/default/${component.metadata.name}/status`;

function checkStatus(status, component) {
  const failed = status.environments.flatMap(e =>
    [e.argocd, e.mtls?.observed, e.mtls?.reported, e.signals, e.sidecar]
      .filter(Boolean)
      .filter(s => s.source && s.state !== 'ok' && s.source !== 'git'),
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
  const client = new p.PrometheusClient({
    baseUrl: upstreams.prometheus.url,
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
      get(`${upstreams.argocd.url}/api/v1/applications?name=${workload.workload}`, argo),
    'argocd resource tree': () =>
      get(`${upstreams.argocd.url}/api/v1/applications/${workload.workload}/resource-tree`, argo),
    'kiali tls': () =>
      get(`${upstreams.kiali.url}/kiali/api/clusters/tls?namespaces=${workload.namespace}`, kiali),
    'kiali health': () =>
      get(
        `${upstreams.kiali.url}/kiali/api/clusters/health?namespaces=${workload.namespace}&type=workload&rateInterval=10m`,
        kiali,
      ),
    'kiali workload': () =>
      get(
        `${upstreams.kiali.url}/kiali/api/namespaces/${workload.namespace}/workloads/${workload.workload}?health=true`,
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
  return latencies;
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

/**
 * Runs section 2 on a backend with the default cache TTL. Entities: [0] warms the code paths, [1..k]
 * cold samples, [k+1] coalescing.
 */
export async function statusSection({ backend, upstreams, coldSamples, load: loadPlan }) {
  const components = backend.components;
  const workloads = upstreams.mesh.workloads;
  // Compiles the backend's code paths (and caches the Kiali version, which is global).
  checkStatus(await getJson(statusPath(components[0]), backend.token), components[0]);

  const cold = [];
  for (let i = 1; i <= coldSamples; i++) {
    const before = upstreams.counts();
    const { ms, result } = await timed(() => getJson(statusPath(components[i]), backend.token));
    const requests = countsSince(before, upstreams.counts());
    checkStatus(result, components[i]);
    const calls = await upstreamCalls(upstreams, workloads[i]);
    const slowest = Object.entries(calls).sort((a, b) => b[1] - a[1])[0];
    // The resource tree and the Kiali/Prometheus calls need the environment (namespace) that the Argo CD
    // list gives: the longest chain is the list, then the slowest call of the second stage.
    const second = Object.entries(calls)
      .filter(([name]) => name !== 'argocd list')
      .reduce((max, [, ms]) => Math.max(max, ms), 0);
    cold.push({
      ms,
      requests,
      slowestCall: { name: slowest[0], ms: slowest[1] },
      chainMs: calls['argocd list'] + second,
      calls,
    });
  }

  const warm = await load(backend, upstreams, statusPath(components[1]), loadPlan);
  // Reference: the catalog's own entity lookup (which the status route makes for every request, with
  // the caller's credentials) under the same load.
  const catalogReference = await load(
    backend,
    upstreams,
    `/api/catalog/entities/by-name/component/default/${components[1].metadata.name}`,
    { connections: loadPlan.connections, seconds: loadPlan.referenceSeconds },
  );

  const coalesced = components[coldSamples + 1];
  const beforeBurst = upstreams.counts();
  const burst = await Promise.all(
    Array.from({ length: 100 }, () =>
      fetch(`${backend.url}${statusPath(coalesced)}`, {
        headers: { authorization: `Bearer ${backend.token}` },
      }).then(res => res.status),
    ),
  );
  const burstRequests = countsSince(beforeBurst, upstreams.counts());
  const burstFailures = burst.filter(s => s !== 200).length;

  const coldMs = median(cold.map(c => c.ms));
  const slowestMs = median(cold.map(c => c.slowestCall.ms));
  const chainMs = median(cold.map(c => c.chainMs));
  return {
    cold: {
      ms: round(coldMs),
      samplesMs: cold.map(c => round(c.ms)),
      upstreamRequests: cold[0].requests,
      slowestUpstreamCallMs: round(slowestMs),
      slowestUpstreamCalls: cold.map(c => `${c.slowestCall.name} ${round(c.slowestCall.ms)}`),
      dependencyChainMs: round(chainMs),
      ratioToSlowestCall: round(median(cold.map(c => c.ms / c.slowestCall.ms)), 2),
      ratioToChain: round(median(cold.map(c => c.ms / c.chainMs)), 2),
      callsMs: Object.fromEntries(
        Object.keys(cold[0].calls).map(k => [k, round(median(cold.map(c => c.calls[k])))]),
      ),
    },
    warm,
    catalogReference,
    coalescing: {
      simultaneousRequests: burst.length,
      failures: burstFailures,
      upstreamRequests: burstRequests,
      singleRequestUpstreamRequests: cold[0].requests,
    },
  };
}
