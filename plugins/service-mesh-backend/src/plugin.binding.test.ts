import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { http, HttpResponse } from 'msw';
import request from 'supertest';
// The production policy of the example backend, so that these tests decide exactly as production does.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ProductionPermissionPolicy } from '../../../packages/backend/src/productionPolicy';
import {
  fixtures,
  useUpstreams,
  upstreamConfig,
  UPSTREAMS,
} from './__testUtils__/upstreams';
import { serviceMeshPlugin } from './plugin';
import { matchesLabelSelector, parseLabelSelector } from './services/targets';

// Issue 11, findings 1 and 2: an entity reads and acts only on the Argo CD applications bound to it,
// whatever its own annotations select, under the production permission policy.
jest.setTimeout(30_000);

const upstreams = useUpstreams();

const ARGO = UPSTREAMS.argoProd.url;
const BASE = '/api/service-mesh';

/** An Argo CD application of the prod instance, built from the captured one, bound to `entityRef`. */
function app(
  name: string,
  service: string,
  namespace: string,
  entityRef: string,
) {
  const a = fixtures.checkoutProd();
  a.metadata.name = name;
  a.metadata.labels['app.kubernetes.io/name'] = service;
  a.metadata.annotations['meshport.io/entity-ref'] = entityRef;
  a.spec.destination.namespace = namespace;
  a.spec.project = service;
  return a;
}

const APPS = [
  fixtures.checkoutProd(), // bound to component:default/checkout, project shop
  app('vault-prod', 'vault', 'vault-secure', 'component:default/vault'),
  app(
    'mallory-prod',
    'mallory-svc',
    'mallory',
    'component:default/mallory-svc',
  ),
];

/** The prod instance answering for APPS; the list applies the selector as Argo CD does. */
const prodArgo = [
  http.get(`${ARGO}/api/v1/applications`, ({ request: req }) => {
    const url = new URL(req.url);
    const name = url.searchParams.get('name');
    const text = url.searchParams.get('selector');
    const selector = text ? parseLabelSelector(text) : [];
    const items = APPS.filter(
      a =>
        (!name || a.metadata.name === name) &&
        matchesLabelSelector(selector, a.metadata.labels),
    );
    return HttpResponse.json({ items });
  }),
  http.get(`${ARGO}/api/v1/applications/:name/resource-tree`, () =>
    HttpResponse.json({ nodes: [] }),
  ),
  http.get(`${ARGO}/api/v1/applications/:name`, ({ params }) =>
    HttpResponse.json(APPS.find(a => a.metadata.name === params.name)),
  ),
  http.post(`${ARGO}/api/v1/applications/:name/sync`, ({ params }) =>
    HttpResponse.json(APPS.find(a => a.metadata.name === params.name)),
  ),
];

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
  labels: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      labels,
      annotations: { 'argocd/instance-name': 'prod', ...annotations },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    // The catalog's isEntityOwner rule reads the ownedBy relation the catalog computes from spec.owner.
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const checkout = component('checkout', 'group:default/team-a', {
  'argocd/app-selector': 'app.kubernetes.io/name=checkout',
  'meshport.io/workload': 'checkout',
  'kiali.io/namespace': 'shop',
});
const vault = component(
  'vault',
  'group:default/team-r',
  {
    'argocd/app-selector': 'app.kubernetes.io/name=vault',
    'meshport.io/workload': 'vault',
    'kiali.io/namespace': 'vault-secure',
  },
  { 'meshport.io/visibility': 'restricted' },
);
const mallory = (annotations: Record<string, string>) =>
  component('mallory-svc', 'group:default/mallory-team', {
    'meshport.io/workload': 'mallory-svc',
    'kiali.io/namespace': 'mallory',
    ...annotations,
  });

/** Who each test user is, as the sign-in resolver would say. */
const OWNERSHIP: Record<string, string[]> = {
  'user:default/mallory': [
    'user:default/mallory',
    'group:default/mallory-team',
  ],
  'user:default/alice': ['user:default/alice', 'group:default/team-a'],
};

/** A backend with the production policy deciding, conditions applied to the test catalog's entities. */
async function start(
  entities: Entity[],
  config: JsonObject = upstreamConfig(),
) {
  const policy = ProductionPermissionPolicy.fromConfig(
    mockServices.rootConfig({
      data: { meshport: { platformGroups: ['group:default/platform'] } },
    }),
  );
  const applies = createConditionAuthorizer(Object.values(permissionRules));
  const byRef = (ref: string) =>
    entities.find(
      e => stringifyEntityRef(e) === stringifyEntityRef(parseEntityRef(ref)),
    );
  const decide = async (
    permission: Permission,
    credentials: any,
    entity: Entity | undefined,
  ) => {
    const userEntityRef = credentials?.principal?.userEntityRef as string;
    const ownershipEntityRefs = OWNERSHIP[userEntityRef] ?? [userEntityRef];
    const decision = await policy.handle(
      { permission } as any,
      {
        info: { userEntityRef, ownershipEntityRefs },
      } as any,
    );
    return decision.result === AuthorizeResult.CONDITIONAL
      ? applies(decision, entity)
      : decision.result === AuthorizeResult.ALLOW;
  };
  const read = {
    name: 'catalog.entity.read',
    type: 'resource',
    resourceType: 'catalog-entity',
    attributes: { action: 'read' },
  } as Permission;
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async (ref: any, options: any) => {
      const entity = byRef(String(ref));
      return entity && (await decide(read, options?.credentials, entity))
        ? entity
        : undefined;
    },
    getEntities: async (_req: any, options: any) => {
      const items: Entity[] = [];
      for (const e of entities) {
        if (await decide(read, options?.credentials, e)) items.push(e);
      }
      return { items };
    },
  });
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalog.factory,
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          Promise.all(
            requests.map(async r => ({
              result: (await decide(
                r.permission,
                options?.credentials,
                'resourceRef' in r && r.resourceRef
                  ? byRef(r.resourceRef)
                  : undefined,
              ))
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            })),
          ) as any,
      }).factory,
    ],
  });
  upstreams.server.use(...prodArgo);
  const as = (user: string) => mockCredentials.user.header(user);
  return {
    get: (path: string, user = 'user:default/mallory') =>
      request(server).get(`${BASE}${path}`).set('Authorization', as(user)),
    post: (path: string, user = 'user:default/mallory') =>
      request(server).post(`${BASE}${path}`).set('Authorization', as(user)),
  };
}

/** Calls about one application (its tree, metadata, refresh, sync), by method. */
const appCalls = (name: string) => ({
  tree: upstreams.count(`${ARGO}/api/v1/applications/${name}/resource-tree`),
  metadata: upstreams.count(`${ARGO}/api/v1/applications/${name}/revisions`),
  refresh:
    upstreams.count(`${ARGO}/api/v1/applications/${name}`) -
    upstreams.count(`${ARGO}/api/v1/applications/${name}/`),
  sync: upstreams.count(`${ARGO}/api/v1/applications/${name}/sync`, 'POST'),
});
const NO_CALLS = { tree: 0, metadata: 0, refresh: 0, sync: 0 };

const REFUSAL = (annotation: string, n: number) =>
  `${annotation} of component:default/mallory-svc matches ${n} application${n === 1 ? ' that is' : 's that are'} not bound to it: an Argo CD Application is shown for an entity only when its meshport.io/entity-ref annotation names the entity`;

const MALLORY = '/entities/component/default/mallory-svc';

describe.each<{
  what: string;
  annotations: Record<string, string>;
  refusal: string;
  victim: string;
}>([
  {
    what: 'a selector matching every application',
    annotations: { 'argocd/app-selector': 'meshport.io/environment' },
    refusal: REFUSAL('argocd/app-selector', 2),
    victim: 'checkout-prod',
  },
  {
    what: "argocd/app-name naming another team's application",
    annotations: { 'argocd/app-name': 'checkout-prod' },
    refusal: REFUSAL('argocd/app-name', 1),
    victim: 'checkout-prod',
  },
  {
    what: "argocd/app-name naming a restricted team's application",
    annotations: { 'argocd/app-name': 'vault-prod' },
    refusal: REFUSAL('argocd/app-name', 1),
    victim: 'vault-prod',
  },
])('an attacker entity with $what', ({ annotations, refusal, victim }) => {
  const entities = () => [checkout, vault, mallory(annotations)];

  it('shows no data of the victim in status, signals and the overview', async () => {
    const api = await start(entities());
    const status = await api.get(`${MALLORY}/status`);
    expect(status.status).toBe(200);
    expect(
      status.body.environments.map((e: any) => [e.name, e.namespace, e.argocd]),
    ).toEqual([
      [
        'default',
        'mallory',
        { source: 'argocd', state: 'not-allowed', message: refusal },
      ],
    ]);
    const signals = await api.get(`${MALLORY}/signals`);
    expect(signals.status).toBe(200);
    // No bound application verifies the namespace its annotations name: nothing is read there.
    expect([
      signals.body.environment,
      signals.body.signals.state,
      signals.body.signals.data,
    ]).toEqual(['default', 'not-allowed', undefined]);
    const overview = await api.get('/overview');
    expect(
      overview.body.rows.map((r: any) => [
        r.entityRef,
        r.environment,
        r.namespace,
        r.sync ?? null,
      ]),
    ).toEqual([
      ['component:default/checkout', 'prod', 'shop', 'Synced'],
      ['component:default/mallory-svc', 'default', 'mallory', null],
    ]);
    for (const body of [status.body, signals.body, overview.body]) {
      expect(JSON.stringify(body)).not.toMatch(/vault|Alice|9f2c4e1d/);
    }
    expect(JSON.stringify(status.body)).not.toContain(victim);
    expect(appCalls(victim)).toEqual(NO_CALLS);
  });

  it("refuses the victim's revision metadata, refresh and sync without calling Argo CD about it", async () => {
    const api = await start(entities());
    const path = `${MALLORY}/argocd/prod/applications/${victim}`;
    for (const res of [
      await api.get(`${path}/revisions/9f2c4e1d/metadata`),
      await api.post(`${path}/refresh`),
      await api.post(`${path}/sync`),
    ]) {
      expect([res.status, res.body.error.name, res.body.error.message]).toEqual(
        [403, 'NotAllowedError', refusal],
      );
    }
    expect(appCalls(victim)).toEqual(NO_CALLS);
  });
});

describe('a correctly bound entity', () => {
  it('lets its owner sync, and Argo CD receives the sync', async () => {
    const api = await start([checkout, vault, mallory({})]);
    const path =
      '/entities/component/default/checkout/argocd/prod/applications/checkout-prod';
    const res = await api.post(`${path}/sync`, 'user:default/alice');
    expect([res.status, res.body.app, res.body.action]).toEqual([
      200,
      'checkout-prod',
      'sync',
    ]);
    expect(appCalls('checkout-prod').sync).toBe(1);
    // Through the victim's own entity the attacker is refused by the policy, before any lookup.
    expect((await api.post(`${path}/sync`)).status).toBe(403);
    expect(appCalls('checkout-prod').sync).toBe(1);
    // The restricted entity is not even visible to the attacker.
    expect(
      (
        await api.post(
          '/entities/component/default/vault/argocd/prod/applications/vault-prod/sync',
        )
      ).status,
    ).toBe(404);
    expect(appCalls('vault-prod')).toEqual(NO_CALLS);
  });

  it('is not bound when the platform maps its owner to other projects', async () => {
    const api = await start(
      [checkout],
      upstreamConfig({
        access: { ownerProjects: { 'group:default/team-a': ['payments'] } },
      }),
    );
    const status = await api.get(
      '/entities/component/default/checkout/status',
      'user:default/alice',
    );
    expect(status.body.environments[0].argocd).toEqual({
      source: 'argocd',
      state: 'not-allowed',
      message:
        "argocd/app-selector of component:default/checkout matches 1 application that is not bound to it: an Argo CD Application is shown for an entity only when its meshport.io/entity-ref annotation names the entity and its Argo CD project is one of the entity owner's (serviceMesh.access.ownerProjects)",
    });
    const sync = await api.post(
      '/entities/component/default/checkout/argocd/prod/applications/checkout-prod/sync',
      'user:default/alice',
    );
    expect(sync.status).toBe(403);
    expect(appCalls('checkout-prod')).toEqual(NO_CALLS);
  });
});

describe("an attacker entity naming another team's namespace and workload in its own annotations", () => {
  // No Argo CD application is bound to it: the namespace is only its author's word.
  const attacker = mallory({
    'meshport.io/workload': 'vault',
    'kiali.io/namespace': 'vault-secure',
  });
  const mentions = (text: string) =>
    upstreams.requests.filter(r => decodeURIComponent(r.url).includes(text))
      .length;

  it('reads nothing of that namespace: status, signals and the overview refuse it', async () => {
    const api = await start([checkout, vault, attacker]);
    const status = await api.get(`${MALLORY}/status`);
    expect(status.status).toBe(200);
    const [env] = status.body.environments;
    expect([
      env.namespace,
      env.mtls.reported.state,
      env.mtls.observed.state,
      env.signals.state,
      env.mtls.verdict,
    ]).toEqual([
      'vault-secure',
      'not-allowed',
      'not-allowed',
      'not-allowed',
      'unknown',
    ]);
    expect(env.signals.message).toBe(
      `Namespace "vault-secure" is named only by component:default/mallory-svc's own annotations: Meshport reads Kiali and Prometheus for the namespaces that Argo CD applications bound to the entity (meshport.io/entity-ref) deploy to (or set serviceMesh.access.trustEntityNamespaces where every catalog author is trusted)`,
    );
    const signals = await api.get(`${MALLORY}/signals`);
    expect(signals.body.signals.state).toBe('not-allowed');
    const overview = await api.get('/overview');
    expect(
      overview.body.rows.find(
        (r: any) => r.entityRef === 'component:default/mallory-svc',
      ),
    ).toMatchObject({
      namespace: 'vault-secure',
      mtls: 'unknown',
      requestsPerSecond: null,
      errorRatio: null,
      latencyP99Ms: null,
    });
    expect(mentions('vault-secure')).toBe(0);
  });

  it("leaves that namespace out of the mesh graph: no edge query names it, and its environment's graph is empty", async () => {
    const api = await start([checkout, vault, attacker]);
    // Its row is in the `default` environment (no application).
    const graph = await api.get('/graph?environment=default');
    expect(graph.status).toBe(200);
    expect(graph.body.namespaces).toEqual([]);
    expect(graph.body.graph).toEqual({
      source: 'prometheus',
      state: 'ok',
      data: { nodes: [], edges: [] },
    });
    expect(mentions('vault-secure')).toBe(0);
  });

  it('reads it where the platform trusts entity namespaces (serviceMesh.access.trustEntityNamespaces)', async () => {
    const api = await start(
      [checkout, vault, attacker],
      upstreamConfig({ access: { trustEntityNamespaces: true } }),
    );
    const status = await api.get(`${MALLORY}/status`);
    expect(status.body.environments[0].signals.state).toBe('ok');
    expect(mentions('vault-secure')).toBeGreaterThan(0);
  });
});
