import type { Entity } from '@backstage/catalog-model';
import type {
  ArgoAppStatus,
  EntityMeshStatus,
  EntitySignalsResponse,
  EnvironmentStatus,
  GoldenSignals,
  MeshOverview,
  SeriesPoint,
} from '@meshport/plugin-service-mesh-common';

/** The checkout component as the catalog serves it. */
export const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    title: 'Checkout',
    annotations: {
      'argocd/app-selector': 'app.kubernetes.io/name=checkout',
      'meshport.io/workload': 'checkout',
      'backstage.io/kubernetes-id': 'checkout',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
};

/** A component without any Meshport or Argo CD annotation. */
export const plainEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-batch', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'ops' },
};

const prodApp: ArgoAppStatus = {
  instance: 'main',
  name: 'checkout-prod',
  appNamespace: 'argocd',
  project: 'shop',
  environment: 'prod',
  destination: { namespace: 'shop', server: 'https://kubernetes.default.svc' },
  sources: [
    {
      repoURL: 'https://github.com/meshport-examples/checkout.git',
      path: 'deploy/overlays/prod',
      targetRevision: 'main',
    },
  ],
  sync: {
    status: 'OutOfSync',
    revision: '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
  },
  health: {
    status: 'Degraded',
    message: 'Deployment checkout-v2 has 1/3 ready replicas',
  },
  operation: {
    phase: 'Failed',
    message:
      'one or more objects failed to apply, reason: admission webhook "validation.istio.io" denied the request: subset v3 not found',
    startedAt: '2026-11-26T09:58:02Z',
    finishedAt: '2026-11-26T09:58:40Z',
  },
  lastSyncedAt: '2026-11-26T09:58:40Z',
  reconciledAt: '2026-11-26T10:12:00Z',
  automated: { enabled: true, prune: true, selfHeal: false },
  history: [
    {
      id: 41,
      revision: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      deployedAt: '2026-11-25T14:03:11Z',
      initiatedBy: { automated: true },
    },
    {
      id: 42,
      revision: '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
      deployedAt: '2026-11-26T09:58:40Z',
      initiatedBy: { automated: false, username: 'jane.doe' },
    },
  ],
  unhealthyResources: [
    {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'checkout-v2',
      syncStatus: 'Synced',
      health: 'Degraded',
      healthMessage: 'Deployment "checkout-v2" exceeded its progress deadline',
    },
  ],
  resourceCount: 9,
  conditions: [],
  images: ['ghcr.io/meshport-examples/checkout:2.0.1'],
  url: 'https://argocd.example.com/applications/argocd/checkout-prod',
};

const prodEnv: EnvironmentStatus = {
  id: 'main:argocd/checkout-prod',
  name: 'prod',
  instance: 'main',
  namespace: 'shop',
  workload: 'checkout',
  argocd: { source: 'argocd', instance: 'main', state: 'ok', data: prodApp },
  mtls: {
    verdict: 'partial',
    summary:
      'Git declares STRICT but Kiali reports PERMISSIVE and 12% of requests are plaintext: apply the PeerAuthentication in Git (sync the app).',
    sources: [
      { source: 'git', verdict: 'strict', detail: 'Git declares STRICT' },
      {
        source: 'kiali',
        verdict: 'partial',
        detail: 'Kiali reports MTLS_PARTIALLY_ENABLED',
      },
      {
        source: 'traffic',
        verdict: 'partial',
        detail: '88% of requests use mutual TLS',
      },
    ],
    disagreement: true,
    declared: {
      source: 'git',
      state: 'ok',
      data: {
        mode: 'STRICT',
        objects: ['PeerAuthentication/shop/default'],
        weakDestinationRules: [],
        location:
          'https://github.com/meshport-examples/checkout/tree/main/deploy',
      },
    },
    reported: {
      source: 'kiali',
      instance: 'main',
      state: 'ok',
      data: {
        status: 'MTLS_PARTIALLY_ENABLED',
        autoMTLSEnabled: true,
        minTLS: 'TLSV1_2',
      },
    },
    observed: {
      source: 'prometheus',
      state: 'ok',
      data: { mutualTlsShare: 0.88, requestsPerSecond: 42.5 },
    },
  },
  sidecar: {
    injected: true,
    evidence: [
      'namespace label istio-injection=enabled',
      'Kiali: 3/3 proxies synced',
    ],
  },
  signals: {
    source: 'prometheus',
    state: 'ok',
    data: {
      requestsPerSecond: 42.5,
      errorRatio: 0.031,
      latencyP50Ms: 18,
      latencyP95Ms: 120,
      latencyP99Ms: 640,
      cpuSaturation: 0.62,
      memorySaturation: 0.91,
    },
  },
  links: [
    {
      tool: 'kiali',
      title: 'Kiali workload graph',
      url: 'https://kiali.example.com/kiali/console/graph/node/namespaces/shop/workloads/checkout',
    },
    {
      tool: 'argocd',
      title: 'Argo CD application checkout-prod',
      url: 'https://argocd.example.com/applications/argocd/checkout-prod',
    },
    {
      tool: 'grafana',
      title: 'Grafana Istio workload dashboard',
      url: 'https://grafana.example.com/d/istio-workload?var-namespace=shop&var-workload=checkout',
    },
  ],
};

const devEnv: EnvironmentStatus = {
  id: 'dev',
  name: 'dev',
  namespace: 'shop-dev',
  workload: 'checkout',
  argocd: {
    source: 'argocd',
    instance: 'main',
    state: 'unreachable',
    message:
      'Argo CD instance "main" is unreachable: connect ECONNREFUSED 10.0.0.12:443',
  },
  mtls: {
    verdict: 'off',
    summary:
      'No PeerAuthentication in Git and Kiali reports mTLS not enabled: add a STRICT PeerAuthentication for namespace shop-dev.',
    // No source gave a verdict (Git UNSET, Kiali timed out, no traffic); the tab shows what it is sent.
    sources: [],
    disagreement: false,
    declared: {
      source: 'git',
      state: 'ok',
      data: {
        mode: 'UNSET',
        objects: [],
        weakDestinationRules: [],
        location: 'deploy/overlays/dev',
      },
    },
    reported: {
      source: 'kiali',
      instance: 'main',
      state: 'timeout',
      message: 'Kiali instance "main" did not answer within 5000 ms',
    },
    observed: {
      source: 'prometheus',
      state: 'ok',
      data: { mutualTlsShare: null, requestsPerSecond: 0 },
    },
  },
  sidecar: {
    injected: false,
    evidence: ['namespace shop-dev has no istio-injection label'],
    fix: 'kubectl label namespace shop-dev istio-injection=enabled',
  },
  signals: {
    source: 'prometheus',
    state: 'unauthorized',
    message:
      'Prometheus instance "main" answered 401 Unauthorized: check serviceMesh.prometheus[0].token',
  },
  links: [],
};

/** Status of checkout: prod with everything, dev with Argo CD unreachable and no sidecar. */
export const checkoutStatus: EntityMeshStatus = {
  entityRef: 'component:default/checkout',
  sandbox: false,
  environments: [prodEnv, devEnv],
  findings: {
    source: 'git',
    state: 'ok',
    data: [
      {
        rule: 'vs-subset-undefined',
        severity: 'error',
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          name: 'checkout',
          namespace: 'shop',
        },
        message:
          'Route to subset "v3" of host checkout, which no DestinationRule defines',
        fix: 'Add subset v3 to DestinationRule shop/checkout or route to v1/v2',
      },
    ],
  },
  generatedAt: '2026-11-26T10:12:05Z',
};

/** Same status, answered by the sandbox. */
export const sandboxStatus: EntityMeshStatus = {
  ...checkoutStatus,
  sandbox: true,
  environments: [
    {
      ...prodEnv,
      argocd: { ...prodEnv.argocd, sandbox: true },
      signals: { ...prodEnv.signals, sandbox: true },
    },
  ],
};

function series(
  start: number,
  step: number,
  values: Array<number | null>,
): SeriesPoint[] {
  return values.map((v, i) => [start + i * step, v]);
}

const t0 = Date.parse('2026-11-26T09:15:00Z') / 1000;
const every5min = (values: Array<number | null>) => series(t0, 300, values);

/** One hour of prod signals, one point per 5 minutes, with the 09:58:40 deploy. */
export const prodSignals: GoldenSignals = {
  current: prodEnv.signals.data!,
  range: '1h',
  stepSeconds: 300,
  series: {
    requestsPerSecond: every5min([
      40, 41, 39, 44, 43, 42, 45, 41, 40, 42, 43, 42.5,
    ]),
    errorRatio: every5min([
      0.001, 0.001, 0.002, 0.001, 0.002, 0.001, 0.001, 0.002, 0.03, 0.034,
      0.032, 0.031,
    ]),
    latencyP50Ms: every5min([15, 16, 15, 17, 16, 15, 16, 16, 18, 19, 18, 18]),
    latencyP95Ms: every5min([
      80, 82, 85, 79, 83, 81, 80, 84, 118, 125, 121, 120,
    ]),
    latencyP99Ms: every5min([
      150, 160, 158, 149, 155, 152, 151, 160, 600, 650, 630, 640,
    ]),
    cpuSaturation: every5min([
      0.4, 0.41, 0.42, 0.4, 0.43, 0.42, 0.41, 0.44, 0.6, 0.63, 0.61, 0.62,
    ]),
    memorySaturation: every5min([
      0.7, 0.7, 0.71, 0.72, 0.72, 0.73, 0.74, 0.75, 0.88, 0.9, 0.9, 0.91,
    ]),
  },
  deploys: [
    {
      at: '2026-11-26T09:58:40Z',
      revision: '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b',
    },
  ],
};

/** The signals route's answer for prod. */
export const prodSignalsResponse: EntitySignalsResponse = {
  entityRef: 'component:default/checkout',
  environment: 'prod',
  environmentId: 'main:argocd/checkout-prod',
  sandbox: false,
  signals: { source: 'prometheus', state: 'ok', data: prodSignals },
};

/** The mesh overview: four rows, one out of sync, one not strict, one burning errors. */
export const overview: MeshOverview = {
  sandbox: false,
  generatedAt: '2026-11-26T10:12:05Z',
  sources: [
    { source: 'argocd', instance: 'main', state: 'ok', data: null },
    { source: 'kiali', instance: 'main', state: 'ok', data: null },
    { source: 'prometheus', instance: 'main', state: 'ok', data: null },
  ],
  rows: [
    {
      entityRef: 'component:default/checkout',
      title: 'Checkout',
      owner: 'group:default/checkout-team',
      system: 'system:default/shop',
      id: 'main:argocd/checkout-prod',
      environment: 'prod',
      instance: 'main',
      namespace: 'shop',
      workload: 'checkout',
      sync: 'Synced',
      health: 'Healthy',
      mtls: 'strict',
      requestsPerSecond: 42.5,
      errorRatio: 0.0012,
      latencyP99Ms: 150,
    },
    {
      entityRef: 'component:default/payments',
      title: 'Payments',
      owner: 'group:default/payments-team',
      system: 'system:default/shop',
      id: 'main:argocd/payments-prod',
      environment: 'prod',
      instance: 'main',
      namespace: 'shop',
      workload: 'payments',
      sync: 'Synced',
      health: 'Healthy',
      mtls: 'strict',
      requestsPerSecond: 18.2,
      errorRatio: 0.087,
      latencyP99Ms: 410,
    },
    {
      entityRef: 'component:default/catalog-api',
      title: 'Product catalog API',
      owner: 'group:default/checkout-team',
      system: 'system:default/shop',
      id: 'main:argocd/catalog-api-staging',
      environment: 'staging',
      instance: 'main',
      namespace: 'shop-staging',
      workload: 'catalog-api',
      sync: 'OutOfSync',
      health: 'Progressing',
      mtls: 'strict',
      requestsPerSecond: 3.1,
      errorRatio: 0,
      latencyP99Ms: 95,
    },
    {
      entityRef: 'component:default/recommendations',
      title: 'Recommendations',
      owner: 'group:default/data-team',
      id: 'default',
      environment: 'default',
      namespace: 'shop-legacy',
      workload: 'recommendations',
      mtls: 'partial',
      requestsPerSecond: null,
      errorRatio: null,
      latencyP99Ms: null,
    },
  ],
};
