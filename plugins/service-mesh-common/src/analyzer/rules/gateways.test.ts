import { parseManifests } from '../parseManifests';
import { checkConflictingGateways, checkGatewayCredentials } from './gateways';

// What Meshport generated before issue 12, as `kustomize build overlays/dev` renders it: the shared
// ingress gateway's pods run in istio-system, the Certificate in the service's namespace.
const certificateBesideGateway = parseManifests(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: storefront-gateway, namespace: storefront-dev }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: [shop.example.com]
      tls: { mode: SIMPLE, credentialName: storefront-gateway-tls }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: storefront-gateway-tls, namespace: storefront-dev }
spec:
  secretName: storefront-gateway-tls
  dnsNames: [shop.example.com]
  issuerRef: { name: storefront-selfsigned }
`);

describe('checkGatewayCredentials', () => {
  it('reports a credential created outside the namespace of the gateway pods', () => {
    expect(checkGatewayCredentials(certificateBesideGateway)).toEqual([
      {
        rule: 'gateway-credential-namespace',
        severity: 'error',
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          name: 'storefront-gateway',
          namespace: 'storefront-dev',
        },
        message:
          'servers[0] names credentialName "storefront-gateway-tls", which Certificate storefront-gateway-tls creates in namespace storefront-dev; Istio reads it from istio-system, where the pods of this Gateway run, so the gateway has no certificate for HTTPS.',
        fix: 'Create the Certificate (or Secret) storefront-gateway-tls in istio-system, or use the Kubernetes Gateway API (gatewayClassName: istio), whose gateway runs next to its certificate.',
      },
    ]);
  });

  it('accepts the credential in the namespace of the pods, or one it cannot see', () => {
    const [gateway, certificate] = certificateBesideGateway;
    const moved = {
      ...certificate,
      metadata: { ...certificate.metadata, namespace: 'istio-system' },
    };
    expect(checkGatewayCredentials([gateway, moved])).toEqual([]);
    expect(checkGatewayCredentials([gateway])).toEqual([]);
  });
});

const gatewayFor = (namespace: string, host: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: checkout-gateway, namespace: ${namespace} }
spec:
  selector: { istio: ingressgateway }
  servers:
    - port: { number: 443, name: https, protocol: HTTPS }
      hosts: ['${host}']
      tls: { mode: SIMPLE, credentialName: checkout-tls }
`;

describe('checkConflictingGateways', () => {
  it('reports two Gateways serving one host on one port of the same pods (IST0145)', () => {
    const objects = parseManifests(
      [
        gatewayFor('checkout-dev', 'checkout.example.com'),
        gatewayFor('checkout-prod', '*.example.com'),
        gatewayFor('checkout-staging', 'checkout.staging.example.net'),
      ].join('---\n'),
    );
    expect(checkConflictingGateways(objects)).toEqual([
      {
        rule: 'gateway-conflict',
        severity: 'error',
        object: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          name: 'checkout-gateway',
          namespace: 'checkout-prod',
        },
        message:
          'Gateway checkout-prod/checkout-gateway serves *.example.com on port 443 of the pods selected by istio=ingressgateway, as Gateway checkout-dev/checkout-gateway does for checkout.example.com: Istio keeps only one of them, so traffic for one may reach the other.',
        fix: 'Give each environment its own host (such as checkout-dev.example.com for checkout.example.com), or select different gateway pods.',
      },
    ]);
  });

  it('accepts different hosts, ports or gateway pods', () => {
    const objects = parseManifests(
      [
        gatewayFor('checkout-dev', 'checkout-dev.example.com'),
        gatewayFor('checkout-prod', 'checkout.example.com'),
      ].join('---\n'),
    );
    expect(checkConflictingGateways(objects)).toEqual([]);
    const [dev] = objects;
    const otherPods = {
      ...dev,
      metadata: { ...dev.metadata, namespace: 'other' },
      spec: { ...dev.spec, selector: { istio: 'internal-gateway' } },
    };
    expect(checkConflictingGateways([dev, otherPods])).toEqual([]);
  });
});
