import {
  parseManifests,
  type SourceResult,
} from '@meshport/plugin-service-mesh-common';
import { declaredMtls } from './declaredMtls';
import { buildLinks, kialiIstioObjectPath } from './links';
import { sidecarStatus } from './sidecar';
import { mtlsVerdict } from './verdict';

const manifests = parseManifests(`
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout }
spec:
  template:
    metadata: { labels: { app: checkout, version: v1 } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec: { mtls: { mode: STRICT } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: shop-default }
spec: { mtls: { mode: PERMISSIVE } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: checkout-strict }
spec:
  selector: { matchLabels: { app: checkout } }
  mtls: { mode: UNSET }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: checkout-plain }
spec: { host: checkout.shop.svc.cluster.local, trafficPolicy: { tls: { mode: DISABLE } } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: other }
spec: { host: payments, trafficPolicy: { tls: { mode: DISABLE } } }
`);

const ok = <T>(source: any, data: T): SourceResult<T> => ({
  source,
  state: 'ok',
  data,
});
const down = (source: any): SourceResult<never> => ({
  source,
  state: 'unreachable',
  message: 'down',
});

describe('declaredMtls', () => {
  it('follows Istio precedence: an UNSET workload policy inherits the namespace policy', () => {
    expect(
      declaredMtls(manifests, 'shop', 'checkout', 'https://git/x'),
    ).toEqual({
      mode: 'PERMISSIVE',
      objects: [
        'PeerAuthentication/shop/checkout-strict',
        'PeerAuthentication/shop/shop-default',
      ],
      weakDestinationRules: ['DestinationRule/shop/checkout-plain'],
      location: 'https://git/x',
    });
  });

  it('falls back to the mesh-wide policy and says UNSET without any', () => {
    const meshOnly = manifests.filter(o => o.metadata.name !== 'shop-default');
    expect(declaredMtls(meshOnly, 'shop', 'checkout', 'l').mode).toBe('STRICT');
    expect(declaredMtls([], 'shop', 'checkout', 'l')).toEqual({
      mode: 'UNSET',
      objects: [],
      weakDestinationRules: [],
      location: 'l',
    });
  });
});

describe('declaredMtls with the common Istio rules', () => {
  const objects = parseManifests(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout }
spec: { template: { metadata: { labels: { app: checkout, tier: api } } } }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: api-tier }
spec: { selector: { matchLabels: { tier: api } }, mtls: { mode: DISABLE } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: elsewhere, namespace: billing }
spec: { host: checkout, trafficPolicy: { tls: { mode: DISABLE } } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: per-port }
spec:
  host: checkout.shop
  trafficPolicy:
    tls: { mode: ISTIO_MUTUAL }
    portLevelSettings: [{ port: { number: 80 }, tls: { mode: DISABLE } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: simple }
spec: { host: checkout, trafficPolicy: { tls: { mode: SIMPLE } } }
`);

  it('matches the pod template labels and reads short DestinationRule hosts in their own namespace', () => {
    expect(declaredMtls(objects, 'shop', 'checkout', 'l')).toEqual({
      mode: 'DISABLE',
      objects: ['PeerAuthentication/shop/api-tier'],
      weakDestinationRules: ['DestinationRule/shop/simple'],
      location: 'l',
    });
  });
});

describe('mtlsVerdict', () => {
  const declared = (mode: any) =>
    ok('git', { mode, objects: [], weakDestinationRules: [], location: 'l' });
  const reported = (status: any) =>
    ok('kiali', { status, autoMTLSEnabled: true });
  const observed = (share: number | null) =>
    ok('prometheus', { mutualTlsShare: share, requestsPerSecond: 5 });

  it('is strict when all three agree', () => {
    const { status, disagreement } = mtlsVerdict(
      declared('STRICT'),
      reported('MTLS_ENABLED'),
      observed(1),
    );
    expect(status.verdict).toBe('strict');
    expect(disagreement).toBe(false);
    expect(status.summary).toBe(
      'Mutual TLS is enforced (Git declares STRICT; Kiali reports MTLS_ENABLED; 100% of requests use mutual TLS).',
    );
  });

  it('takes the weakest part and flags disagreement', () => {
    const { status, disagreement } = mtlsVerdict(
      declared('STRICT'),
      reported('MTLS_ENABLED'),
      observed(0.62),
    );
    expect(status.verdict).toBe('partial');
    expect(disagreement).toBe(true);
    expect(status.summary).toMatch(
      /^The sources disagree: .*62% of requests use mutual TLS\. Git says strict but traffic says partial/,
    );
  });

  it('judges by what is available, and is unknown with nothing', () => {
    expect(
      mtlsVerdict(down('git'), down('kiali'), observed(0)).status.verdict,
    ).toBe('off');
    expect(
      mtlsVerdict(declared('UNSET'), down('kiali'), observed(null)).status
        .verdict,
    ).toBe('unknown');
    expect(
      mtlsVerdict(declared('DISABLE'), down('kiali'), down('prometheus')).status
        .verdict,
    ).toBe('off');
    expect(
      mtlsVerdict(
        down('git'),
        reported('MTLS_PARTIALLY_ENABLED'),
        down('prometheus'),
      ).status.verdict,
    ).toBe('partial');
  });
});

describe('sidecarStatus', () => {
  it('is injected with the namespace label and all proxies synced', () => {
    expect(
      sidecarStatus({
        namespace: 'shop',
        workload: 'checkout',
        manifests,
        kialiStatus: {
          name: 'checkout',
          desiredReplicas: 3,
          currentReplicas: 3,
          availableReplicas: 3,
          syncedProxies: 3,
        },
      }),
    ).toEqual({
      injected: true,
      evidence: [
        'Git: namespace label istio-injection=enabled',
        'Kiali: 3/3 proxies synced',
      ],
    });
  });

  it('gives the restart fix when some pods run without a proxy', () => {
    const status = sidecarStatus({
      namespace: 'shop',
      workload: 'checkout',
      manifests,
      kialiStatus: {
        name: 'checkout',
        desiredReplicas: 3,
        currentReplicas: 3,
        availableReplicas: 3,
        syncedProxies: 2,
      },
    });
    expect(status.injected).toBe(false);
    expect(status.fix).toBe(
      'Pods started before injection was enabled have no sidecar: kubectl rollout restart deployment/checkout -n shop',
    );
  });

  it('gives the namespace label fix when nothing injects', () => {
    const status = sidecarStatus({
      namespace: 'legacy',
      workload: 'checkout',
      kialiWorkload: { name: 'checkout', istioSidecar: false },
    });
    expect(status).toEqual({
      injected: false,
      evidence: ['Kiali: istioSidecar=false'],
      fix: 'kubectl label namespace legacy istio-injection=enabled && kubectl rollout restart deployment/checkout -n legacy (better: add the label to the Namespace manifest in Git)',
    });
  });

  // The shared manifests with the namespace labels and the pod template metadata replaced.
  const variant = (nsLabels: Record<string, string>, template: object) =>
    manifests.map(o => {
      if (o.kind === 'Namespace')
        return { ...o, metadata: { ...o.metadata, labels: nsLabels } };
      if (o.kind === 'Deployment')
        return { ...o, spec: { template: { metadata: template } } };
      return o;
    });

  it('lets a namespace that turns injection off win over a pod that asks for it', () => {
    const optedIn = variant(
      { 'istio-injection': 'disabled' },
      { labels: { app: 'checkout', 'sidecar.istio.io/inject': 'true' } },
    );
    expect(
      sidecarStatus({
        namespace: 'shop',
        workload: 'checkout',
        manifests: optedIn,
      }),
    ).toEqual({
      injected: false,
      evidence: [
        'Git: namespace label istio-injection=disabled',
        'Git: pod template sidecar.istio.io/inject=true',
      ],
      fix: 'kubectl label namespace shop istio-injection=enabled && kubectl rollout restart deployment/checkout -n shop (better: add the label to the Namespace manifest in Git)',
    });
  });

  it('gives the pod template fix when the pod opts out', () => {
    const optedOut = variant(
      { 'istio-injection': 'enabled' },
      {
        labels: { app: 'checkout' },
        annotations: { 'sidecar.istio.io/inject': 'false' },
      },
    );
    expect(
      sidecarStatus({
        namespace: 'shop',
        workload: 'checkout',
        manifests: optedOut,
      }),
    ).toEqual({
      injected: false,
      evidence: [
        'Git: namespace label istio-injection=enabled',
        'Git: pod template sidecar.istio.io/inject=false',
      ],
      fix: 'checkout opts out of the mesh with sidecar.istio.io/inject: "false"; if it belongs in the mesh, remove that from its pod template in Git, let Argo CD sync, then kubectl rollout restart deployment/checkout -n shop',
    });
  });

  it('is unknown without evidence', () => {
    expect(sidecarStatus({ namespace: 'x', workload: 'y' })).toEqual({
      injected: null,
      evidence: [],
    });
  });
});

describe('links', () => {
  const vs = parseManifests(
    'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: checkout }\n',
  )[0];

  it('uses the Kiali 2 Istio object path, and the plural path before 2.0', () => {
    expect(kialiIstioObjectPath(vs, 'shop', 2)).toBe(
      'namespaces/shop/istio/networking.istio.io/v1/VirtualService/checkout',
    );
    expect(kialiIstioObjectPath(vs, 'shop', 1)).toBe(
      'namespaces/shop/istio/virtualservices/checkout',
    );
  });

  it('links only configured tools', () => {
    expect(buildLinks({}, { namespace: 'shop', workload: 'checkout' })).toEqual(
      [],
    );
    const links = buildLinks(
      {
        kiali: { consoleUrl: 'https://kiali.test/kiali', majorVersion: 2 },
        argocdAppUrl: 'https://argocd.test/applications/argocd/checkout-prod',
        grafana: {
          url: 'https://grafana.test',
          dashboards: { istioWorkload: 'UbsSZTDik', istioService: 'LJ_uJAvmk' },
        },
        jaegerUrl: 'https://jaeger.test',
        prometheusUrl: 'https://prom.test',
      },
      {
        namespace: 'shop',
        workload: 'checkout',
        jaegerService: 'checkout.shop',
        istioObjects: [vs],
      },
    );
    expect(links.map(l => l.url)).toEqual([
      'https://kiali.test/kiali/console/graph/namespaces?namespaces=shop&graphType=versionedApp',
      'https://kiali.test/kiali/console/graph/node/namespaces/shop/workloads/checkout',
      'https://kiali.test/kiali/console/namespaces/shop/workloads/checkout?tab=info',
      'https://kiali.test/kiali/console/namespaces/shop/applications/checkout',
      'https://kiali.test/kiali/console/namespaces/shop/services/checkout',
      'https://kiali.test/kiali/console/namespaces/shop/istio/networking.istio.io/v1/VirtualService/checkout',
      'https://argocd.test/applications/argocd/checkout-prod',
      'https://grafana.test/d/UbsSZTDik/istio-workload-dashboard?var-namespace=shop&var-workload=checkout&var-qrep=destination',
      'https://grafana.test/d/LJ_uJAvmk/istio-service-dashboard?var-service=checkout.shop.svc.cluster.local&var-qrep=destination',
      'https://jaeger.test/search?service=checkout.shop',
      expect.stringMatching(
        /^https:\/\/prom\.test\/graph\?g0\.expr=sum.*destination_workload%3D%22checkout%22.*&g0\.tab=0&g0\.range_input=1h$/,
      ),
    ]);
  });
});
