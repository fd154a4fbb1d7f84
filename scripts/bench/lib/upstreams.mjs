// The benchmark's upstreams: a real Prometheus holding the synthetic Istio mesh (the backend tests'
// generator, sized to N workloads) behind a counting proxy, and loopback Argo CD and Kiali servers whose
// answers are built from the backend's msw fixture files, one Argo CD application per workload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startFakeUpstream,
  startProxy,
} from '../../../test/production/lib/httpServers.mjs';
import { ROOT, loadTs } from './ts.mjs';

const FIXTURES = join(ROOT, 'plugins/service-mesh-backend/src/__fixtures__');
/** The backend's Prometheus test utilities (launcher and synthetic mesh). */
const PROMETHEUS_TEST_UTILS = join(
  ROOT,
  'plugins/service-mesh-backend/src/__testUtils__/prometheus/index.ts',
);

/**
 * Added to every port of the benchmark (`MESHPORT_BENCH_PORT_OFFSET`, default 0), so that two runs on one
 * machine do not collide: with 100, the backend listens on 7601, Prometheus on 19390, the fakes on 7610-7619.
 */
export const PORT_OFFSET = portOffset(process.env.MESHPORT_BENCH_PORT_OFFSET);

function portOffset(value) {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  // The highest base port is 19299.
  if (!Number.isInteger(n) || n < 0 || n > 46_000) {
    throw new Error(
      `MESHPORT_BENCH_PORT_OFFSET must be a whole number from 0 to 46000, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** Loopback ports (the benchmark's range, plus PORT_OFFSET: Prometheus 19290-19299, fakes 7510-7519). */
export const PORTS = {
  prometheus: 19290 + PORT_OFFSET,
  prometheusProxy: 19291 + PORT_OFFSET,
  argocd: 7510 + PORT_OFFSET,
  kiali: 7511 + PORT_OFFSET,
  argocdLatency: 7512 + PORT_OFFSET,
  kialiLatency: 7513 + PORT_OFFSET,
  prometheusLatency: 7514 + PORT_OFFSET,
};

/** Tokens the fake upstreams demand; the backend gets them from the bench config. */
export const TOKENS = {
  argocd: 'bench-argocd-token',
  kiali: 'bench-kiali-token',
};

const fixture = path => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

/** The Argo CD application of one synthetic workload, shaped like the checkout-prod fixture. */
export function applicationOf(workload) {
  const app = fixture('argocd/application-checkout-prod.json');
  app.metadata.name = workload.workload;
  app.metadata.uid = `00000000-0000-4000-8000-${String(workload.index).padStart(12, '0')}`;
  app.metadata.labels = {
    'app.kubernetes.io/name': workload.workload,
    'meshport.io/environment': 'prod',
  };
  // Bound to the workload's component (componentOf in backend.mjs), as the generator writes it.
  app.metadata.annotations = {
    'meshport.io/entity-ref': `component:default/svc-${workload.workload}`,
  };
  app.spec.destination.namespace = workload.namespace;
  app.status.sync.comparedTo.destination.namespace = workload.namespace;
  for (const resource of app.status.resources) {
    resource.namespace = workload.namespace;
  }
  return app;
}

/**
 * The paths Argo CD's application list can be narrowed to with `?fields=items.<path>,…`: the keys of
 * `appFields` in Argo CD's pkg/apiclient/application/forwarder_overwrite.go (v3).
 */
const ARGO_APP_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.labels',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'spec',
  'spec.destination',
  'spec.project',
  'spec.source',
  'spec.sources',
  'spec.sourceHydrator',
  'spec.syncPolicy',
  'status.sourceHydrator',
  'status.summary',
  'status.sync.status',
  'status.sync.revision',
  'status.health',
  'status.operationState.startedAt',
  'status.operationState.finishedAt',
  'status.resources',
  'operation.sync',
  'status.operationState.phase',
  'status.operationState.operation.sync',
];

/**
 * An application narrowed as Argo CD's server narrows it (selectAppFields, processAppFields): the
 * requested paths of its fixed set, a path under another requested one left to it, absent values and
 * an empty `status.resources` left out.
 */
function projectApp(app, requested) {
  const chosen = ARGO_APP_FIELDS.filter(f => requested.has(`items.${f}`));
  const out = {};
  for (const field of chosen) {
    const parts = field.split('.');
    if (
      parts.some(
        (_, i) => i > 0 && chosen.includes(parts.slice(0, i).join('.')),
      )
    )
      continue;
    const value = parts.reduce((v, key) => v?.[key], app);
    if (value === undefined || value === null) continue;
    if (field === 'status.resources' && value.length === 0) continue;
    let at = out;
    for (const key of parts.slice(0, -1)) at = at[key] ??= {};
    at[parts.at(-1)] = value;
  }
  return out;
}

/** `served`: the applications answered now (`apps`, `byName`), which `serve(n)` narrows. */
function argocdRoute(served) {
  const tree = fixture('argocd/resource-tree-checkout-prod.json');
  const version = fixture('argocd/version.json');
  // Narrowed lists per `fields` value and served list: Argo CD answers from its informer's cache.
  const narrowed = new WeakMap();
  const narrow = (apps, fields) => {
    const byFields = narrowed.get(apps) ?? new Map();
    narrowed.set(apps, byFields);
    if (!byFields.has(fields)) {
      const requested = new Set(fields.split(','));
      byFields.set(
        fields,
        apps.map(a => projectApp(a, requested)),
      );
    }
    return byFields.get(fields);
  };
  return (method, url) => {
    if (method !== 'GET') return undefined;
    const { apps, byName } = served;
    if (url.pathname === '/api/version') return { body: version };
    if (url.pathname === '/api/v1/applications') {
      const name = url.searchParams.get('name');
      const fields = url.searchParams.get('fields');
      if (fields && (name || fields.startsWith('-'))) {
        throw new Error(
          `the bench's Argo CD narrows whole lists only: ${url.search}`,
        );
      }
      const items = fields
        ? narrow(apps, fields)
        : name
          ? apps.filter(a => a.metadata.name === name)
          : apps;
      return {
        body: {
          metadata: { resourceVersion: '918300' },
          items: items.length ? items : null,
        },
      };
    }
    const match = /^\/api\/v1\/applications\/([^/]+)(\/resource-tree)?$/.exec(
      url.pathname,
    );
    const app = match && byName.get(decodeURIComponent(match[1]));
    if (!app) return undefined;
    return { body: match[2] ? tree : app };
  };
}

function kialiRoute(served) {
  const tls = fixture('kiali/clusters-tls.json')[0];
  const status = fixture('kiali/status.json');
  const health = fixture('kiali/clusters-health.json').namespaceWorkloadHealth
    .shop.checkout;
  const workload = fixture('kiali/workload-checkout.json');
  const namespacesOf = url =>
    (url.searchParams.get('namespaces') ?? '').split(',').filter(Boolean);
  return (method, url) => {
    if (method !== 'GET') return undefined;
    const path = url.pathname.replace(/^\/kiali/, '');
    if (path === '/api/status') return { body: status };
    if (path === '/api/clusters/tls') {
      return {
        body: namespacesOf(url).map(namespace => ({ ...tls, namespace })),
      };
    }
    if (path === '/api/clusters/health') {
      const namespaces = namespacesOf(url);
      const byNamespace = {};
      for (const ns of namespaces) byNamespace[ns] = {};
      for (const w of served.workloads) {
        if (!byNamespace[w.namespace]) continue;
        byNamespace[w.namespace][w.workload] = {
          ...health,
          workloadStatus: { ...health.workloadStatus, name: w.workload },
        };
      }
      return {
        body: {
          namespaceAppHealth: null,
          namespaceServiceHealth: null,
          namespaceWorkloadHealth: byNamespace,
        },
      };
    }
    const match = /^\/api\/namespaces\/([^/]+)\/workloads\/([^/]+)$/.exec(path);
    if (match) {
      return {
        body: { ...workload, namespace: match[1], name: match[2] },
      };
    }
    return undefined;
  };
}

/**
 * Starts Prometheus with `workloads` synthetic workloads (over `namespaces` namespaces, default one per
 * ten workloads) whose data runs `aheadMinutes` past now (the
 * backend queries at the wall clock, so the samples must cover the whole run), its counting proxy, and
 * the fake Argo CD and Kiali, each also behind a latency proxy; `extraSeries(mesh)` adds series over the
 * same range (the mesh graph's call graph); the `recordingRules` files' series are backfilled too; `intervalSec` and `istioOnly` as syntheticMesh
 * takes them. Returns the handles, the mesh, and `counts()` of upstream requests.
 */
export async function startUpstreams({
  workloads,
  namespaces,
  minutes,
  aheadMinutes,
  extraSeries,
  recordingRules,
  intervalSec,
  istioOnly,
}) {
  const { startPrometheus } = await loadTs(PROMETHEUS_TEST_UTILS);
  const stoppers = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => {});
    stoppers.length = 0;
  };
  try {
    const endSec = Math.floor(Date.now() / 60_000) * 60 + aheadMinutes * 60;
    const prometheus = await startPrometheus({
      workloads,
      ...(namespaces ? { namespaces } : {}),
      minutes,
      endSec,
      port: PORTS.prometheus,
      ...(extraSeries ? { extraSeries } : {}),
      ...(recordingRules ? { recordingRules } : {}),
      ...(intervalSec ? { intervalSec } : {}),
      ...(istioOnly ? { istioOnly } : {}),
    });
    stoppers.push(() => prometheus.stop());
    const proxy = await startProxy({
      port: PORTS.prometheusProxy,
      targetPort: PORTS.prometheus,
    });
    stoppers.push(() => proxy.stop());
    const apps = prometheus.mesh.workloads.map(applicationOf);
    const served = {};
    const serve = n => {
      served.workloads = prometheus.mesh.workloads.slice(0, n);
      served.apps = apps.slice(0, n);
      served.byName = new Map(served.apps.map(a => [a.metadata.name, a]));
    };
    serve(apps.length);
    const argocd = await startFakeUpstream({
      name: 'argocd',
      port: PORTS.argocd,
      token: TOKENS.argocd,
      route: argocdRoute(served),
    });
    stoppers.push(() => argocd.stop());
    const kiali = await startFakeUpstream({
      name: 'kiali',
      port: PORTS.kiali,
      token: TOKENS.kiali,
      route: kialiRoute(served),
    });
    stoppers.push(() => kiali.stop());
    const latency = {};
    for (const [name, port, targetPort] of [
      ['argocd', PORTS.argocdLatency, PORTS.argocd],
      ['kiali', PORTS.kialiLatency, PORTS.kiali],
      ['prometheus', PORTS.prometheusLatency, PORTS.prometheusProxy],
    ]) {
      latency[name] = await startProxy({ port, targetPort });
      stoppers.push(() => latency[name].stop());
    }
    const sum = counts => Object.values(counts).reduce((a, n) => a + n, 0);
    const handles = {
      prometheus,
      proxy,
      argocd,
      kiali,
      mesh: prometheus.mesh,
      apps,
      /** Latency proxies in front of each upstream (0 ms until `setLatency`). */
      latency,
      setLatency: ms => Object.values(latency).forEach(p => p.setDelay(ms)),
      /** Requests received so far by each upstream. */
      counts: () => ({
        prometheus: sum(proxy.counts()),
        argocd: sum(argocd.counts()),
        kiali: sum(kiali.counts()),
      }),
      stop: stopAll,
      /**
       * Argo CD and Kiali answer for the first `n` workloads only (Prometheus keeps them all); returns
       * the upstreams as a stack of `n` workloads sees them (`mesh.workloads`, `apps`), for
       * startBackend and the sections. The scale section's sizes share one generated mesh this way.
       */
      serve(n) {
        serve(n);
        return {
          ...handles,
          mesh: { ...prometheus.mesh, workloads: served.workloads },
          apps: served.apps,
        };
      },
    };
    return handles;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Difference of two `counts()` snapshots, with the total. */
export function countsSince(before, after) {
  const diff = {};
  let total = 0;
  for (const key of Object.keys(after)) {
    diff[key] = after[key] - (before[key] ?? 0);
    total += diff[key];
  }
  return { ...diff, total };
}
