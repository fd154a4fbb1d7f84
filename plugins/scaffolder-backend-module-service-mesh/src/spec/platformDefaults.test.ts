/*
 * A mesh platform as a service's defaults: the annotation the platform generator writes, read back and
 * validated like wizard input; the service input it completes; the files a service on the platform
 * gets; and malformed platforms refused naming the annotation and the field.
 */
import { ANNOTATION_MESH_PLATFORM } from '@meshport/plugin-service-mesh-common';
import { parse } from 'yaml';
import { platformDescriptor } from '../platform/catalog';
import { generateAndValidate } from '../testUtils';
import { validatePlatformInput } from './platform';
import { readPlatform, withPlatformDefaults } from './platformDefaults';

const clusters = [
  { name: 'east', server: 'https://east.k8s.example.com' },
  { name: 'west', server: 'west-cluster' },
];
const environments = [
  { name: 'dev', cluster: 'east' },
  { name: 'prod', cluster: 'west' },
];
const platformSpec = validatePlatformInput({
  name: 'mesh',
  owner: 'group:default/platform-team',
  clusters,
  environments,
  gatewayService: 'NodePort',
  localRepository: 'mesh-platform',
});
const descriptor = platformDescriptor(platformSpec);
const system = (annotations: Record<string, string>, kind = 'System') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'mesh', annotations },
  spec: { owner: 'group:default/platform-team' },
});
const platform = system({
  [ANNOTATION_MESH_PLATFORM]: JSON.stringify(descriptor),
});
const sharedGateway = {
  namespace: 'istio-system',
  selector: { istio: 'ingressgateway' },
  serviceAccount: 'istio-ingressgateway',
};
const service = {
  name: 'payments',
  owner: 'group:default/shop-team',
  localRepository: 'payments',
};

describe('the platform annotation', () => {
  it('describes the clusters, environments, gateway and services project, and reads back', () => {
    expect(descriptor).toEqual({
      clusters,
      environments,
      gateway: { ...sharedGateway, service: 'NodePort' },
      argocd: { namespace: 'argocd', project: 'mesh-services' },
    });
    expect(readPlatform(platform)).toEqual(descriptor);
  });

  it('gives a platform without environments one per cluster, named after it', () => {
    const one = validatePlatformInput({
      name: 'mesh',
      owner: 'group:default/platform-team',
      clusters: [{ name: 'prod' }],
      localRepository: 'mesh-platform',
    });
    expect(platformDescriptor(one).environments).toEqual([
      { name: 'prod', cluster: 'prod' },
    ]);
  });
});

describe('withPlatformDefaults', () => {
  it('leaves an input without a platform as it is', () => {
    expect(withPlatformDefaults({ ...service, platform: '' })).toEqual(service);
  });

  it("gives a service the platform's environments, gateway and services project", () => {
    expect(withPlatformDefaults({ ...service, platform })).toEqual({
      ...service,
      environments: [
        { name: 'dev', cluster: 'https://east.k8s.example.com' },
        { name: 'prod', cluster: 'west-cluster' },
      ],
      gatewayMode: 'shared-ingress',
      sharedGateway,
      argocdProject: 'mesh-services',
      argocdNamespace: 'argocd',
    });
  });

  it('keeps what the input sets: its environments, clusters, gateway mode and project', () => {
    expect(
      withPlatformDefaults({
        ...service,
        platform,
        environments: [
          { name: 'prod', namespace: 'payments' },
          { name: 'qa', cluster: 'https://qa.k8s.example.com' },
        ],
        gatewayMode: 'gateway-api',
        argocdProject: 'payments',
      }),
    ).toEqual({
      ...service,
      environments: [
        { name: 'prod', namespace: 'payments', cluster: 'west-cluster' },
        { name: 'qa', cluster: 'https://qa.k8s.example.com' },
      ],
      gatewayMode: 'gateway-api',
      sharedGateway,
      argocdProject: 'payments',
      argocdNamespace: 'argocd',
    });
  });

  it("generates a gateway service on the platform's gateway and clusters, in a project of its own", async () => {
    const input = withPlatformDefaults({
      ...service,
      platform,
      exposure: 'gateway',
      hosts: ['payments.example.com'],
    });
    expect(input).toMatchObject({
      argocdProject: 'payments',
      createAppProject: true,
    });
    const { files, findings } = await generateAndValidate(input);
    expect(findings.filter(f => f.severity === 'error')).toEqual([]);
    const file = (path: string) =>
      parse(files.find(f => f.path === path)!.content);
    expect(
      ['dev', 'prod'].map(env => file(`deploy/argocd/${env}.yaml`).spec),
    ).toMatchObject([
      {
        project: 'payments',
        destination: {
          server: 'https://east.k8s.example.com',
          namespace: 'payments-dev',
        },
      },
      {
        project: 'payments',
        destination: { name: 'west-cluster', namespace: 'payments-prod' },
      },
    ]);
    const overlay = 'deploy/overlays/prod';
    expect(file(`${overlay}/gateway.yaml`).spec.selector).toEqual({
      istio: 'ingressgateway',
    });
    expect(
      file(`${overlay}/authorizationpolicy-ingress.yaml`).spec.rules[0].from[0]
        .source.principals,
    ).toEqual(['cluster.local/ns/istio-system/sa/istio-ingressgateway']);
    expect(file(`${overlay}/certificate.yaml`).metadata.namespace).toBe(
      'istio-system',
    );
  });
});

describe('a service refuses', () => {
  const refusal = (input: Record<string, unknown>) => {
    try {
      withPlatformDefaults({ ...service, ...input });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  const where = `platform: annotation ${ANNOTATION_MESH_PLATFORM} of system:default/mesh`;
  const withDescriptor = (changed: Record<string, unknown>) =>
    system({
      [ANNOTATION_MESH_PLATFORM]: JSON.stringify({ ...descriptor, ...changed }),
    });

  it.each([
    [
      'a hostile cluster server',
      {
        clusters: [
          { name: 'east', server: 'https://evil.example.com/?token=x' },
          clusters[1],
        ],
      },
      `${where}: clusters.0.server: must be an https:// API server URL or an Argo CD cluster name`,
    ],
    [
      'an environment on no cluster',
      { environments: [{ name: 'dev', cluster: 'north' }] },
      `${where}: environments.0.cluster: "north" is not one of the clusters (east, west)`,
    ],
    [
      'a gateway selector that is no label value',
      { gateway: { ...descriptor.gateway, selector: { istio: 'a"}' } } },
      `${where}: gateway.selector.istio: must be a label value such as "ingressgateway"`,
    ],
    [
      'an unknown field',
      { token: 'x' },
      `${where}: input: unknown field(s) "token"`,
    ],
  ])('a platform with %s', (_, changed, problem) => {
    expect(refusal({ platform: withDescriptor(changed) })).toBe(
      `Invalid service input: ${problem}`,
    );
  });

  it('a platform that is no mesh platform, or no JSON, or not a System', () => {
    expect(refusal({ platform: system({}) })).toBe(
      `Invalid service input: platform: system:default/mesh has no ${ANNOTATION_MESH_PLATFORM} annotation: it is not a mesh platform (create one with the mesh-platform template)`,
    );
    expect(
      refusal({
        platform: system({ [ANNOTATION_MESH_PLATFORM]: '{clusters' }),
      }),
    ).toBe(`Invalid service input: ${where} is not JSON`);
    expect(refusal({ platform: system({}, 'Component') })).toBe(
      'Invalid service input: platform: must be a System entity (catalog:fetch output.entity), got "Component"',
    );
  });

  it("an environment the platform does not have, and the platform's AppProject to create", () => {
    expect(
      refusal({
        platform,
        environments: [{ name: 'qa' }],
        createAppProject: true,
      }),
    ).toBe(
      'Invalid service input: environments.0.name: "qa" is not an environment of the platform (dev, prod): name one of them or give its cluster; createAppProject: the platform\'s AppProject mesh-services exists already; leave createAppProject off to deploy with it',
    );
  });
});
