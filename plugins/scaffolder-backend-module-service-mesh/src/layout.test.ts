import {
  derivedNames,
  environmentHosts,
  isArgoCdFile,
  pathOf,
  placementOf,
  renderedInEnvironment,
} from './layout';
import { validateServiceInput } from './spec/input';

describe('layout', () => {
  it('places each file by its tag', () => {
    expect(
      [
        { layer: 'workload', fileName: 'service.yaml' },
        { layer: 'mesh', fileName: 'destinationrule.yaml' },
        { layer: 'gateway', fileName: 'gateway.yaml' },
        { layer: 'kustomize', fileName: 'kustomization.yaml' },
        { layer: 'workload', environment: 'dev', fileName: 'namespace.yaml' },
        {
          layer: 'kustomize',
          environment: 'dev',
          fileName: 'kustomization.yaml',
        },
        { layer: 'gitops', fileName: 'dev.yaml' },
        { layer: 'catalog', fileName: 'catalog-info.yaml' },
      ].map(tag => pathOf(tag as Parameters<typeof pathOf>[0])),
    ).toEqual([
      'deploy/base/service.yaml',
      'deploy/base/destinationrule.yaml',
      'deploy/base/gateway.yaml',
      'deploy/base/kustomization.yaml',
      'deploy/overlays/dev/namespace.yaml',
      'deploy/overlays/dev/kustomization.yaml',
      'deploy/argocd/dev.yaml',
      'catalog-info.yaml',
    ]);
  });

  it('renders the base and only the own overlay into an environment', () => {
    const paths = [
      'deploy/base/x.yaml',
      'deploy/overlays/dev/x.yaml',
      'deploy/argocd/dev.yaml',
      'catalog-info.yaml',
      'server.js',
      'deploy/overlays/dev/nested/x.yaml',
    ];
    expect(
      paths.map(p => [
        renderedInEnvironment(p, 'dev'),
        renderedInEnvironment(p, 'prod'),
        isArgoCdFile(p),
      ]),
    ).toEqual([
      [true, true, false],
      [true, false, false],
      [false, false, true],
      [false, false, false],
      [false, false, false],
      [false, false, false],
    ]);
    expect(paths.map(placementOf)).toEqual([
      { kind: 'rendered', fileName: 'x.yaml' },
      { kind: 'rendered', environment: 'dev', fileName: 'x.yaml' },
      { kind: 'argocd', fileName: 'dev.yaml' },
      { kind: 'catalog' },
      undefined,
      undefined,
    ]);
  });

  it('lists every name derived from the service name', () => {
    const spec = validateServiceInput({
      name: 'shop',
      owner: 'group:default/a',
      repoUrl: 'https://github.com/a/shop.git',
      exposure: 'gateway',
      hosts: ['shop.example.com'],
      canary: {
        stableVersion: 'v1',
        stableWeight: 90,
        canaryVersion: 'v2',
        canaryWeight: 10,
      },
      environments: [{ name: 'dev' }, { name: 'prod' }],
    });
    expect(derivedNames(spec)).toEqual([
      { name: 'shop-v1', kind: 'Deployment' },
      { name: 'shop-v2', kind: 'Deployment' },
      { name: 'shop-gateway', kind: 'Gateway' },
      { name: 'shop-gateway-istio', kind: 'Service (deployed by Istio)' },
      { name: 'shop-ingress', kind: 'HTTPRoute' },
      { name: 'shop-to-https', kind: 'HTTPRoute' },
      { name: 'shop-gateway-tls', kind: 'Certificate' },
      { name: 'shop-selfsigned', kind: 'Issuer' },
      { name: 'shop-dev', kind: 'Application' },
      { name: 'shop-prod', kind: 'Application' },
    ]);
    expect(
      derivedNames({
        ...spec,
        gatewayMode: 'shared-ingress',
        canary: undefined,
      }),
    ).toEqual([
      { name: 'shop-ingress', kind: 'VirtualService' },
      { name: 'shop-gateway', kind: 'Gateway' },
      { name: 'shop-dev-gateway-tls', kind: 'Certificate' },
      { name: 'shop-dev-selfsigned', kind: 'Issuer' },
      { name: 'shop-prod-gateway-tls', kind: 'Certificate' },
      { name: 'shop-prod-selfsigned', kind: 'Issuer' },
      { name: 'shop-dev', kind: 'Application' },
      { name: 'shop-prod', kind: 'Application' },
    ]);
    expect(spec.environments.map(e => e.namespace)).toEqual([
      'shop-dev',
      'shop-prod',
    ]);
  });

  it('gives each environment its hosts: the pattern, or the hosts as given', () => {
    const spec = {
      hosts: ['checkout.example.com', '*.shop.example.com'],
      hostPattern: '{label}-{env}.{domain}',
      bareHostEnvironment: 'prod',
    };
    expect(environmentHosts(spec, 'dev')).toEqual([
      'checkout-dev.example.com',
      '*.shop-dev.example.com',
    ]);
    expect(environmentHosts(spec, 'prod')).toEqual([
      'checkout.example.com',
      '*.shop.example.com',
    ]);
    expect(
      environmentHosts(
        { ...spec, hostPattern: '{label}.{env}.{domain}' },
        'staging',
      ),
    ).toEqual(['checkout.staging.example.com', '*.shop.staging.example.com']);
  });
});
