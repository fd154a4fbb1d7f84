import {
  analyzeDeployed,
  analyzeManifests,
  DEPLOYED_RULES,
} from './analyzeManifests';
import { parseManifests } from './parseManifests';
import { ANALYZER_RULES } from './rules';
import { KubeObject } from './types';

// A small healthy mesh set: a namespace with injection, a canary Deployment pair, a Service, a
// DestinationRule with subsets, an ingress Gateway, a VirtualService, STRICT mTLS.
const healthy = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout-v1, namespace: shop }
spec:
  selector: { matchLabels: { app: checkout, version: v1 } }
  template:
    metadata: { labels: { app: checkout, version: v1 } }
    spec: { containers: [{ name: checkout, image: checkout:1 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout-v2, namespace: shop }
spec:
  selector: { matchLabels: { app: checkout, version: v2 } }
  template:
    metadata: { labels: { app: checkout, version: v2 } }
    spec: { containers: [{ name: checkout, image: checkout:2 }] }
---
apiVersion: v1
kind: Service
metadata: { name: checkout, namespace: shop }
spec:
  selector: { app: checkout }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: checkout, namespace: shop }
spec:
  host: checkout
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
  subsets:
    - { name: v1, labels: { version: v1 } }
    - { name: v2, labels: { version: v2 } }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: checkout, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ['*.example.com'] }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: checkout-ingress, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [checkout]
  http:
    - route:
        - { destination: { host: checkout, subset: v1 }, weight: 90 }
        - { destination: { host: checkout.shop.svc.cluster.local, subset: v2 }, weight: 10 }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: checkout, namespace: shop }
spec:
  selector: { matchLabels: { app: checkout } }
  mtls: { mode: STRICT }
`;

const base = () => parseManifests(healthy);
const find = (objs: KubeObject[], kind: string, name: string) => {
  const o = objs.find(x => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
};
const rulesOf = (objs: KubeObject[]) => analyzeManifests(objs).map(f => f.rule);

describe('analyzeManifests', () => {
  it('finds nothing in a healthy set', () => {
    expect(analyzeManifests(base())).toEqual([]);
  });

  it(`${ANALYZER_RULES.vsSubsetUndefined}: a route to a subset no DestinationRule defines`, () => {
    const objs = base();
    find(objs, 'DestinationRule', 'checkout').spec.subsets.pop();
    const findings = analyzeManifests(objs);
    expect(findings).toEqual([
      {
        rule: 'vs-subset-undefined',
        severity: 'error',
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          name: 'checkout-ingress',
          namespace: 'shop',
        },
        message:
          'http[0] routes to subset "v2" of checkout.shop.svc.cluster.local, which no DestinationRule defines.',
        fix: 'Add a subset named "v2" to the DestinationRule for checkout.shop.svc.cluster.local, or route without the subset.',
      },
    ]);
  });

  it(`${ANALYZER_RULES.vsWeightsSum}: weights that do not sum to 100`, () => {
    const objs = base();
    find(
      objs,
      'VirtualService',
      'checkout-ingress',
    ).spec.http[0].route[1].weight = 20;
    const findings = analyzeManifests(objs);
    expect(findings.map(f => [f.rule, f.message])).toEqual([
      ['vs-weights-sum', 'http[0] route weights sum to 110, not 100.'],
    ]);
  });

  it(`${ANALYZER_RULES.vsGatewayHostMismatch}: a host the Gateway does not serve`, () => {
    const objs = base();
    find(objs, 'VirtualService', 'checkout-ingress').spec.hosts.push(
      'shop.example.org',
    );
    const findings = analyzeManifests(objs);
    expect(findings.map(f => [f.rule, f.message])).toEqual([
      [
        'vs-gateway-host-mismatch',
        'Host shop.example.org is not served by Gateway shop/checkout (it serves *.example.com).',
      ],
    ]);
  });

  it(`${ANALYZER_RULES.vsGatewayUndefined}: a Gateway that does not exist`, () => {
    const objs = base();
    find(objs, 'VirtualService', 'checkout-ingress').spec.gateways = [
      'istio-system/public',
    ];
    expect(rulesOf(objs)).toEqual(['vs-gateway-undefined']);
  });

  it(`${ANALYZER_RULES.drTlsDisabledUnderStrict}: TLS DISABLE under STRICT mTLS`, () => {
    const objs = base();
    find(objs, 'DestinationRule', 'checkout').spec.trafficPolicy.tls.mode =
      'DISABLE';
    expect(rulesOf(objs)).toEqual(['dr-tls-disabled-under-strict']);
    // Under PERMISSIVE the same rule is allowed.
    find(objs, 'PeerAuthentication', 'checkout').spec.mtls.mode = 'PERMISSIVE';
    expect(rulesOf(objs)).toEqual([]);
  });

  it(`${ANALYZER_RULES.drTlsDisabledUnderStrict}: a mesh-wide STRICT policy applies too`, () => {
    const objs = base().filter(o => o.kind !== 'PeerAuthentication');
    find(objs, 'DestinationRule', 'checkout').spec.trafficPolicy.tls.mode =
      'DISABLE';
    expect(rulesOf(objs)).toEqual([]);
    objs.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    expect(rulesOf(objs)).toEqual(['dr-tls-disabled-under-strict']);
  });

  it(`${ANALYZER_RULES.servicePortProtocol}: a port without protocol name or appProtocol`, () => {
    const objs = base();
    const svc = find(objs, 'Service', 'checkout');
    svc.spec.ports[0].name = 'web';
    expect(analyzeManifests(objs).map(f => [f.rule, f.message])).toEqual([
      [
        'service-port-protocol',
        'Port 80 (web) names no protocol: Istio treats its traffic as opaque TCP.',
      ],
    ]);
    svc.spec.ports[0].appProtocol = 'http';
    expect(rulesOf(objs)).toEqual([]);
  });

  it(`${ANALYZER_RULES.podMissingLabels}: a pod template without version`, () => {
    const objs = base();
    delete find(objs, 'Deployment', 'checkout-v2').spec.template.metadata.labels
      .version;
    const findings = analyzeManifests(objs);
    expect(findings.map(f => [f.rule, f.object.name, f.message])).toEqual([
      [
        'pod-missing-labels',
        'checkout-v2',
        'The pod template has no version label.',
      ],
    ]);
  });

  it(`${ANALYZER_RULES.sidecarInjectionDisabled}: a namespace without injection, a pod opting out`, () => {
    const objs = base();
    find(objs, 'Namespace', 'shop').metadata.labels = {};
    find(objs, 'Deployment', 'checkout-v1').spec.template.metadata.annotations =
      {
        'sidecar.istio.io/inject': 'false',
      };
    expect(analyzeManifests(objs).map(f => [f.rule, f.object.kind])).toEqual([
      ['sidecar-injection-disabled', 'Namespace'],
      ['sidecar-injection-disabled', 'Deployment'],
    ]);
  });

  it(`${ANALYZER_RULES.serviceSelectorMismatch}: a selector that matches no pods`, () => {
    const objs = base();
    find(objs, 'Service', 'checkout').spec.selector = { app: 'checkuot' };
    expect(analyzeManifests(objs).map(f => [f.rule, f.message])).toEqual([
      [
        'service-selector-mismatch',
        'The selector app=checkuot matches no pod template in namespace shop.',
      ],
    ]);
  });

  it(`${ANALYZER_RULES.nameTooLong}: a Service name over 63 characters, a long label value`, () => {
    const objs = base();
    find(objs, 'Service', 'checkout').metadata.name = 'c'.repeat(64);
    find(objs, 'Namespace', 'shop').metadata.labels!.team = 't'.repeat(64);
    expect(analyzeManifests(objs).map(f => [f.rule, f.message])).toEqual([
      [
        'name-too-long',
        'Label team has a value of 64 characters; label values may have at most 63.',
      ],
      [
        'name-too-long',
        'The name is 64 characters long; a Service name may have at most 63.',
      ],
    ]);
  });
});

describe('parseManifests', () => {
  it('reads multi-document YAML, skips empty documents and expands Lists', () => {
    const objs = parseManifests(
      '---\n---\napiVersion: v1\nkind: List\nitems:\n  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a } }\n',
    );
    expect(objs.map(o => o.metadata.name)).toEqual(['a']);
  });

  it('names the document that is not a Kubernetes object', () => {
    expect(() =>
      parseManifests(
        'apiVersion: v1\nkind: A\nmetadata: { name: a }\n---\n- 1\n',
      ),
    ).toThrow(
      'document 2: expected a Kubernetes object (a mapping), got a list',
    );
    expect(() =>
      parseManifests('apiVersion: v1\nkind: A\nmetadata: {}\n'),
    ).toThrow('document 1: metadata.name must be a non-empty string (A)');
    expect(() => parseManifests('a: [\n')).toThrow(/^document 1: /);
  });

  it('reports bad YAML by code and position, never quoting the file', () => {
    expect(() =>
      parseManifests(
        'apiVersion: v1\nkind: A\nmetadata: { name: a }\n---\npassword: hunter2\n  bad: [x\n',
      ),
    ).toThrow(
      new Error(
        'document 2: invalid YAML (BLOCK_AS_IMPLICIT_KEY) at line 5, column 11',
      ),
    );
    expect(() => parseManifests('token: *hunter2\n')).toThrow(
      new Error('document 1: invalid YAML (an unresolved or excessive alias)'),
    );
  });

  it('refuses alias bombs', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
`;
    expect(() => parseManifests(bomb)).toThrow(/alias/i);
  });
});

describe('analyzeDeployed', () => {
  it('runs only the deployed rules: conflicting gateways and gateway certificates', () => {
    const gateway = (ns: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: ${ns} }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: [web.example.com]
      tls: { mode: SIMPLE, credentialName: web-tls }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web-tls, namespace: ${ns} }
spec: { secretName: web-tls, issuerRef: { name: ca } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: ${ns} }
spec:
  hosts: [web.example.com]
  gateways: [web]
  http: [{ route: [{ destination: { host: web, subset: v9 } }] }]
`;
    const objects = [
      ...parseManifests(gateway('dev')),
      ...parseManifests(gateway('prod')),
    ];
    expect(
      analyzeDeployed(objects).map(
        f => `${f.rule} ${f.object.namespace}/${f.object.name}`,
      ),
    ).toEqual([
      'gateway-credential-namespace dev/web',
      'gateway-credential-namespace prod/web',
      'gateway-conflict prod/web',
    ]);
    expect(DEPLOYED_RULES).toEqual([
      ANALYZER_RULES.gatewayCredentialNamespace,
      ANALYZER_RULES.gatewayConflict,
    ]);
    // The full analyzer also reports the undefined subset; the deployed rules do not.
    expect(analyzeManifests(objects).map(f => f.rule)).toContain(
      ANALYZER_RULES.vsSubsetUndefined,
    );
  });
});
