/*
 * The GitOps routes' test backend: the real backend plugin under the example backend's production
 * permission policy (conditions applied to the test entity), a local repository directory, the
 * upstreams faked, and Prometheus answering per-version canary signals.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  generatedTree,
  repoFrom,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/testUtils';
import { http, HttpResponse } from 'msw';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
// The production policy of the example backend, so that these tests decide exactly as production does.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ProductionPermissionPolicy } from '../../../../packages/backend/src/productionPolicy';
import { serviceMeshPlugin } from '../plugin';
import { upstreamConfig, UPSTREAMS } from './upstreams';

/** The integration token of the test config's github.com. */
export const TOKEN = 'ghp_test-token-of-the-integration';

export const ALICE = 'user:default/alice'; // member of group:default/shop-team, search's owner
export const MALLORY = 'user:default/mallory';
const OWNERSHIP: Record<string, string[]> = {
  [ALICE]: [ALICE, 'group:default/shop-team'],
  [MALLORY]: [MALLORY, 'group:default/mallory-team'],
};
export const SEARCH = '/api/service-mesh/entities/component/default/search';

/** Prometheus answering requests/s, 5xx/s and p99 for v1 and v2 (per `destination_version`). */
export function prometheus(v2: { errorsPerSecond: number; p99: number }) {
  const values = (query: string): [string, string] => {
    if (query.startsWith('histogram_quantile')) return ['100', String(v2.p99)];
    if (query.includes('response_code')) {
      return ['0.01', String(v2.errorsPerSecond)];
    }
    return ['9', '1']; // requests/s: 5400 and 600 over the 600 s window
  };
  return http.get(
    `${UPSTREAMS.prometheus.baseUrl}/api/v1/query`,
    ({ request: req }) => {
      const [v1Value, v2Value] = values(
        new URL(req.url).searchParams.get('query')!,
      );
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: { destination_version: 'v1' }, value: [1, v1Value] },
            { metric: { destination_version: 'v2' }, value: [1, v2Value] },
          ],
        },
      });
    },
  );
}
export const HEALTHY = { errorsPerSecond: 0.002, p99: 110 };
export const FAILING = { errorsPerSecond: 0.1, p99: 110 };

/** The test entity, component:default/search, as the catalog read it from `location`. */
export function search(location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'search',
      namespace: 'default',
      annotations: { 'backstage.io/managed-by-location': location },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop-team',
      lifecycle: 'experimental',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/shop-team' }],
  };
}

/** The backend with the production policy, conditions applied to the test entity. */
export async function start(entity: Entity, root: string) {
  const policy = ProductionPermissionPolicy.fromConfig(
    mockServices.rootConfig({
      data: { meshport: { platformGroups: ['group:default/platform'] } },
    }),
  );
  const applies = createConditionAuthorizer(Object.values(permissionRules));
  const decide = async (permission: Permission, credentials: any) => {
    const userEntityRef = credentials?.principal?.userEntityRef as string;
    const decision = await policy.handle(
      { permission } as any,
      {
        info: {
          userEntityRef,
          ownershipEntityRefs: OWNERSHIP[userEntityRef] ?? [],
        },
      } as any,
    );
    return decision.result === AuthorizeResult.CONDITIONAL
      ? applies(decision, entity)
      : decision.result === AuthorizeResult.ALLOW;
  };
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const { server } = await startTestBackend({
    features: [
      serviceMeshPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...upstreamConfig(),
          serviceMeshScaffolder: {
            localPublish: { enabled: true, directory: root },
          },
          app: { baseUrl: 'http://localhost:3000' },
          integrations: { github: [{ host: 'github.com', token: TOKEN }] },
        },
      }),
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.mock({
        authorize: async (requests, options) =>
          Promise.all(
            requests.map(async r => ({
              result: (await decide(r.permission, options?.credentials))
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            })),
          ) as any,
      }).factory,
      auditor.factory,
    ],
  });
  const as = (user: string) => mockCredentials.user.header(user);
  return {
    auditor,
    event,
    post: (path: string, body: object, user = ALICE) =>
      request(server)
        .post(`${SEARCH}${path}`)
        .set('Authorization', as(user))
        .send(body),
    get: (path: string, user = ALICE) =>
      request(server).get(`${SEARCH}${path}`).set('Authorization', as(user)),
  };
}

/** A local Git repository of the test. */
export type TestRepository = Awaited<ReturnType<typeof repoFrom>>;

/**
 * A new directory per test (`root`) holding the gateway-api-canary golden as the local repository
 * `search` (`repo`), removed after the test.
 */
export function useSearchRepository() {
  const state = {} as { root: string; repo: TestRepository };
  beforeEach(async () => {
    state.root = await mkdtemp(join(tmpdir(), 'meshport-local-repos-'));
    state.repo = await repoFrom(
      generatedTree('gateway-api-canary'),
      join(state.root, 'search'),
    );
  });
  afterEach(() => rm(state.root, { recursive: true, force: true }));
  return state;
}
