// Answers of the fake Argo CD and Kiali, read from the backend's msw fixture files
// (plugins/service-mesh-backend/src/__fixtures__) and answered the way the backend's msw handlers
// answer them (__testUtils__/upstreams): one Argo CD instance holding checkout-prod and the multi-source
// checkout-staging (bound to component:default/checkout), plus ledger-prod and vault-prod built from
// checkout-prod and bound to the second team's ledger and restricted vault, and steady-prod and
// burst-prod deploying steady and burst to mesh-0 (the synthetic Prometheus mesh); Kiali for the shop and
// shop-staging namespaces under a /kiali path prefix.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../plugins/service-mesh-backend/src/__fixtures__',
);

const texts = new Map();

/** A fresh copy of a fixture file, parsed (the file is read once). */
function fixture(path) {
  if (!texts.has(path))
    texts.set(path, readFileSync(join(FIXTURES, path), 'utf8'));
  return JSON.parse(texts.get(path));
}

const ARGO_APPS = [
  'argocd/application-checkout-prod.json',
  'argocd/application-checkout-staging-multisource.json',
];
const RESOURCE_TREES = {
  'checkout-prod': 'argocd/resource-tree-checkout-prod.json',
};

const permissionDenied = {
  status: 403,
  body: { error: 'permission denied', code: 7, message: 'permission denied' },
};

/** Path prefix Kiali is served under (as behind most ingresses). */
export const KIALI_PREFIX = '/kiali';

/**
 * checkout-prod as another entity's application: renamed and bound to `component:default/<entity>`,
 * deploying to `namespace` when given.
 */
function boundCopy(name, entity, namespace) {
  const app = fixture(ARGO_APPS[0]);
  app.metadata.name = name;
  if (namespace) app.spec.destination.namespace = namespace;
  app.metadata.labels['app.kubernetes.io/name'] = entity;
  app.metadata.annotations['meshport.io/entity-ref'] =
    `component:default/${entity}`;
  return app;
}

/** Argo CD REST API routes: `(method, url) => { status, body } | undefined`. */
export function argocdRoute(method, url) {
  const apps = [
    ...ARGO_APPS.map(fixture),
    boundCopy('ledger-prod', 'ledger'),
    boundCopy('vault-prod', 'vault'),
    boundCopy('steady-prod', 'steady', 'mesh-0'),
    boundCopy('burst-prod', 'burst', 'mesh-0'),
  ];
  const path = url.pathname;
  if (method === 'GET' && path === '/api/version')
    return { body: fixture('argocd/version.json') };
  if (method === 'GET' && path === '/api/v1/applications') {
    const name = url.searchParams.get('name');
    const selector = url.searchParams.get('selector');
    const items = apps.filter(app => {
      if (name && app.metadata.name !== name) return false;
      if (!selector) return true;
      return selector.split(',').every(part => {
        const [key, value] = part.split('=');
        // `key` alone is Kubernetes' "exists" requirement.
        return value === undefined
          ? key in (app.metadata.labels ?? {})
          : app.metadata.labels?.[key] === value;
      });
    });
    return {
      body: {
        metadata: { resourceVersion: '918300' },
        items: items.length ? items : null,
      },
    };
  }
  const match = /^\/api\/v1\/applications\/([^/]+)(\/.*)?$/.exec(path);
  if (!match) return undefined;
  const name = decodeURIComponent(match[1]);
  const rest = match[2] ?? '';
  const app = apps.find(a => a.metadata.name === name);
  if (method === 'GET' && rest === '/resource-tree') {
    if (!app) return permissionDenied;
    return {
      body: RESOURCE_TREES[name]
        ? fixture(RESOURCE_TREES[name])
        : { nodes: [] },
    };
  }
  if (method === 'GET' && /^\/revisions\/[^/]+\/metadata$/.test(rest)) {
    return { body: fixture('argocd/revision-metadata.json') };
  }
  if (method === 'GET' && rest === '')
    return app ? { body: app } : permissionDenied;
  if (method === 'POST' && rest === '/sync') {
    if (!app) return permissionDenied;
    app.status.operationState = {
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: new Date().toISOString(),
    };
    return { body: app };
  }
  return undefined;
}

/** Kiali API routes under {@link KIALI_PREFIX}. */
export function kialiRoute(method, url) {
  if (method !== 'GET' || !url.pathname.startsWith(`${KIALI_PREFIX}/api/`))
    return undefined;
  const path = url.pathname.slice(KIALI_PREFIX.length);
  if (path === '/api/status') return { body: fixture('kiali/status.json') };
  if (path === '/api/clusters/tls') {
    const namespaces = (url.searchParams.get('namespaces') ?? '').split(',');
    return {
      body: fixture('kiali/clusters-tls.json').filter(s =>
        namespaces.includes(s.namespace),
      ),
    };
  }
  if (path === '/api/clusters/health')
    return { body: fixture('kiali/clusters-health.json') };
  const workload = /^\/api\/namespaces\/([^/]+)\/workloads\/([^/]+)$/.exec(
    path,
  );
  if (workload) {
    return {
      body: {
        ...fixture('kiali/workload-checkout.json'),
        namespace: decodeURIComponent(workload[1]),
      },
    };
  }
  return undefined;
}
