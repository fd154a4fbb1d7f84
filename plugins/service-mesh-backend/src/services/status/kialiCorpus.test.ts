import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readServiceMeshConfig } from '../../config';
import {
  KIALI_CORPUS_VERSIONS,
  kialiCorpusHandlers,
} from '../../__testUtils__/upstreams/kialiCorpus';
import { expectMatchesOpenApi } from '../../__testUtils__/openapi';
import { UPSTREAMS } from '../../__testUtils__/upstreams';
import { SourceCache } from '../cache';
import { createMeshStatusService } from './createMeshStatusService';
import { createUpstreamSources } from './upstreamSources';

/*
 * The Kiali corpus (`__fixtures__/kiali/<version>/`, provenance in each folder's README) through the real
 * Kiali client and the status service: each version's answers give exactly what Meshport shows.
 * Traffic is fully mutual TLS in every case, so Kiali's part decides whether the sources agree.
 */

const KIALI = UPSTREAMS.kiali.url;
const PROMETHEUS = UPSTREAMS.prometheus.baseUrl;
const requests: string[] = [];
const server = setupServer();
server.events.on('request:start', ({ request }) => {
  const url = new URL(request.url);
  if (url.origin === new URL(KIALI).origin) requests.push(url.pathname);
});
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

/** Prometheus: every golden-signal query answers 10 for bookinfo's workloads (all traffic mutual TLS). */
const prometheus = http.all(`${PROMETHEUS}/api/v1/query`, () =>
  HttpResponse.json({
    status: 'success',
    data: {
      resultType: 'vector',
      result: ['details-v1', 'sleep'].flatMap(workload => [
        {
          metric: {
            destination_workload_namespace: 'bookinfo',
            destination_workload: workload,
          },
          value: [1764172800, '10'],
        },
        {
          metric: { namespace: 'bookinfo', workload },
          value: [1764172800, '10'],
        },
      ]),
    },
  }),
);

function service() {
  const config = readServiceMeshConfig(
    new ConfigReader({
      serviceMesh: {
        kiali: { ...UPSTREAMS.kiali, timeoutMs: 1000 },
        prometheus: { ...UPSTREAMS.prometheus, timeoutMs: 1000 },
        deadlineMs: 3000,
      },
    }),
  );
  return createMeshStatusService({
    sources: createUpstreamSources({
      config,
      urlReader: mockServices.urlReader.mock(),
    }),
    cache: new SourceCache(
      mockServices.cache.mock({
        get: async () => undefined,
        set: async () => {},
        delete: async () => {},
      }),
      60_000,
    ),
    deadlineMs: 3000,
    logger: mockServices.logger.mock(),
    // The corpus is about reading Kiali: its entities have no Argo CD, so their namespaces are trusted.
    access: { trustEntityNamespaces: true },
  });
}

const entity = (workload: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: workload,
    annotations: {
      'backstage.io/kubernetes-namespace': 'bookinfo',
      'meshport.io/workload': workload,
    },
  },
  spec: { type: 'service', owner: 'team-bookinfo' },
});

const STRICT_TRAFFIC = {
  source: 'traffic',
  verdict: 'strict',
  detail: '100% of requests use mutual TLS',
};

/** Kiali 2.23+ on a namespace without policy under a mesh-wide STRICT policy: strict, and traffic agrees. */
const INHERITED_STRICT = {
  reported: {
    status: 'UNSET_INHERITED_STRICT',
    autoMTLSEnabled: true,
    meshStatus: 'MTLS_ENABLED',
  },
  sources: [
    {
      source: 'kiali',
      verdict: 'strict',
      detail: 'Kiali reports UNSET_INHERITED_STRICT',
    },
    STRICT_TRAFFIC,
  ],
  verdict: 'strict',
  disagreement: false,
};

/** What Meshport must show for each version's answers. */
const EXPECTED: Record<
  string,
  Array<{
    workload: string;
    reported: object;
    sources: object[];
    verdict: string;
    disagreement: boolean;
    sidecar: object;
  }>
> = {
  '1.73': [
    {
      workload: 'details-v1',
      reported: {
        status: 'MTLS_PARTIALLY_ENABLED',
        autoMTLSEnabled: true,
        minTLS: 'N/A',
        meshStatus: 'MTLS_NOT_ENABLED',
      },
      sources: [
        {
          source: 'kiali',
          verdict: 'partial',
          detail: 'Kiali reports MTLS_PARTIALLY_ENABLED',
        },
        STRICT_TRAFFIC,
      ],
      verdict: 'partial',
      disagreement: true,
      sidecar: {
        injected: true,
        evidence: ['Kiali: istioSidecar=true', 'Kiali: 1/1 proxies synced'],
      },
    },
  ],
  '1.86': [
    {
      workload: 'details-v1',
      reported: {
        status: 'MTLS_ENABLED',
        autoMTLSEnabled: true,
        meshStatus: 'MTLS_NOT_ENABLED',
      },
      sources: [
        {
          source: 'kiali',
          verdict: 'strict',
          detail: 'Kiali reports MTLS_ENABLED',
        },
        STRICT_TRAFFIC,
      ],
      verdict: 'strict',
      disagreement: false,
      sidecar: {
        injected: false,
        evidence: ['Kiali: istioSidecar=true', 'Kiali: 1/2 proxies synced'],
        fix: 'Pods started before injection was enabled have no sidecar: kubectl rollout restart deployment/details-v1 -n bookinfo',
      },
    },
  ],
  // The scenario: a mesh-wide STRICT policy only; Kiali 2.22 says MTLS_NOT_ENABLED per namespace.
  '2.22': [
    {
      workload: 'details-v1',
      reported: {
        status: 'MTLS_ENABLED_EXTENDED',
        autoMTLSEnabled: true,
        namespaceStatus: 'MTLS_NOT_ENABLED',
        meshStatus: 'MTLS_ENABLED',
      },
      sources: [
        {
          source: 'kiali',
          verdict: 'strict',
          detail:
            'Kiali reports MTLS_ENABLED_EXTENDED (namespace MTLS_NOT_ENABLED, mesh-wide MTLS_ENABLED)',
        },
        STRICT_TRAFFIC,
      ],
      verdict: 'strict',
      disagreement: false,
      sidecar: {
        injected: true,
        evidence: ['Kiali: istioSidecar=true', 'Kiali: 1/1 proxies synced'],
      },
    },
  ],
  '2.30': [
    {
      workload: 'details-v1',
      ...INHERITED_STRICT,
      sidecar: {
        injected: true,
        evidence: ['Kiali: istioSidecar=true', 'Kiali: 1/1 proxies synced'],
      },
    },
    {
      workload: 'sleep',
      ...INHERITED_STRICT,
      sidecar: {
        injected: false,
        evidence: [
          'Kiali: istioSidecar=false',
          'Kiali: sidecar.istio.io/inject=false on the workload',
          'Kiali: proxy sync not applicable (no sidecar proxy reports a status)',
        ],
        fix: 'sleep opts out of the mesh with sidecar.istio.io/inject: "false"; if it belongs in the mesh, remove that from its pod template in Git, let Argo CD sync, then kubectl rollout restart deployment/sleep -n bookinfo',
      },
    },
  ],
};

const VERSIONS: Record<string, string> = {
  '1.73': 'v1.73.0-SNAPSHOT',
  '1.86': 'v1.86.0',
  '2.22': 'v2.22.0',
  '2.30': 'v2.30.0',
};

describe('the Kiali corpus', () => {
  it('covers 1.x and 2.x, and every version has its expectations', () => {
    expect(KIALI_CORPUS_VERSIONS).toEqual(['1.73', '1.86', '2.22', '2.30']);
    expect(Object.keys(EXPECTED)).toEqual(KIALI_CORPUS_VERSIONS);
  });

  describe.each(KIALI_CORPUS_VERSIONS)('Kiali %s', version => {
    beforeEach(() =>
      server.use(
        ...kialiCorpusHandlers(version, KIALI),
        prometheus,
        http.get(`${PROMETHEUS}/api/v1/status/buildinfo`, () =>
          HttpResponse.json({ status: 'success', data: { version: '3.5.0' } }),
        ),
      ),
    );

    it.each(EXPECTED[version].map(e => [e.workload, e]))(
      'the status of %s',
      async (workload, expected) => {
        const status = await service().entityStatus(entity(workload));
        expectMatchesOpenApi(
          '/entities/{kind}/{namespace}/{name}/status',
          'get',
          200,
          JSON.parse(JSON.stringify(status)),
        );
        const [env] = status.environments;
        expect(env.mtls.reported).toEqual({
          source: 'kiali',
          state: 'ok',
          data: expected.reported,
        });
        expect(env.mtls.sources).toEqual(expected.sources);
        expect(env.mtls.verdict).toBe(expected.verdict);
        expect(env.mtls.disagreement).toBe(expected.disagreement);
        expect(env.sidecar).toEqual(expected.sidecar);
      },
    );

    it('gives the overview the same verdicts', async () => {
      const rows = (
        await service().overview(EXPECTED[version].map(e => entity(e.workload)))
      ).rows;
      expect(rows.map(r => [r.workload, r.mtls])).toEqual(
        EXPECTED[version].map(e => [e.workload, e.verdict]),
      );
    });

    it('reads the version, and asks an old Kiali per namespace after its 404s', async () => {
      const [kiali] = await service().diagnostics();
      expect(kiali).toMatchObject({
        source: 'kiali',
        state: 'ok',
        version: VERSIONS[version],
      });
      requests.length = 0;
      await service().entityStatus(entity('details-v1'));
      const old = version === '1.73';
      expect([...new Set(requests)].sort()).toEqual(
        [
          '/kiali/api/mesh/tls',
          '/kiali/api/namespaces/bookinfo/workloads/details-v1',
          '/kiali/api/status',
          // Asked alongside the version lookup, so that it never waits for it.
          '/kiali/api/clusters/health',
          '/kiali/api/clusters/tls',
          ...(old
            ? [
                '/kiali/api/namespaces/bookinfo/health',
                '/kiali/api/namespaces/bookinfo/tls',
              ]
            : []),
        ].sort(),
      );
    });
  });
});
