/*
 * The catalog layer of the platform: a System and a Resource for the CA, the control plane, the gateway
 * and each observability component, annotated so that Meshport shows their Argo CD sync and health;
 * and Meshport's own configuration pointing at what was installed.
 */
import {
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_PROJECT_NAME,
  ANNOTATION_MESH_PLATFORM,
  ANNOTATION_SOURCE_LOCATION,
} from '@meshport/plugin-service-mesh-common';
import type { RepoLocation } from '../generator/planned';
import { onlyIf } from '../generator/planned';
import {
  OBSERVABILITY_COMPONENTS,
  ObservabilityComponent,
  PlatformSpec,
} from '../spec/platform';
import type { PlatformDescriptor } from '../spec/platformDefaults';
import { deployedComponents } from './gitops';
import {
  GATEWAY,
  LABEL_PLATFORM,
  NAMESPACES,
  LABEL_PLATFORM_RESOURCE,
  platformNames,
  PlatformResource,
  RESOURCES,
  resourceOf,
} from './layout';
import { observabilityUrl } from './values';

const TYPES: Record<PlatformResource, string> = {
  'certificate-authority': 'certificate-authority',
  'control-plane': 'service-mesh-control-plane',
  gateway: 'ingress-gateway',
  prometheus: 'metrics',
  grafana: 'dashboards',
  kiali: 'service-mesh-console',
  jaeger: 'tracing',
};

const TITLES: Record<PlatformResource, string> = {
  'certificate-authority': 'Mesh certificate authority',
  'control-plane': 'Istio control plane',
  gateway: 'Ingress gateway',
  prometheus: 'Prometheus',
  grafana: 'Grafana',
  kiali: 'Kiali',
  jaeger: 'Jaeger',
};

const isObservability = (r: PlatformResource): r is ObservabilityComponent =>
  (OBSERVABILITY_COMPONENTS as readonly string[]).includes(r);

/**
 * What services created on the platform default to (the System's meshport.io/platform annotation):
 * its clusters, its environments (one per cluster unless listed), the ingress gateway it installs and
 * the AppProject for services.
 */
export function platformDescriptor(spec: PlatformSpec): PlatformDescriptor {
  return {
    clusters: spec.clusters.map(({ name, server }) => ({ name, server })),
    environments: spec.environments.length
      ? spec.environments.map(({ name, cluster }) => ({ name, cluster }))
      : spec.clusters.map(c => ({ name: c.name, cluster: c.name })),
    gateway: {
      namespace: NAMESPACES.istio,
      selector: { ...GATEWAY.selector },
      serviceAccount: GATEWAY.serviceAccount,
      service: spec.gatewayService,
    },
    argocd: {
      namespace: spec.argocdNamespace,
      project: platformNames(spec).servicesProject,
    },
  };
}

/** The entities of catalog-info.yaml: the System first, then its Resources. */
export function platformEntities(spec: PlatformSpec, repo: RepoLocation) {
  const names = platformNames(spec);
  const deployed = new Set(deployedComponents(spec).map(resourceOf));
  const source = onlyIf(repo.sourceLocation, {
    [ANNOTATION_SOURCE_LOCATION]: repo.sourceLocation!,
  });
  const system = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: names.system,
      description:
        spec.description ??
        `Istio mesh platform on ${spec.clusters.map(c => c.name).join(', ')}`,
      annotations: {
        [ANNOTATION_MESH_PLATFORM]: JSON.stringify(platformDescriptor(spec)),
        ...source,
      },
      tags: ['istio', 'argocd', 'platform'],
    },
    spec: { owner: spec.owner },
  };
  const resources = (Object.keys(RESOURCES) as PlatformResource[]).map(r => {
    const installed = deployed.has(r);
    const url = isObservability(r) ? observabilityUrl(spec, r) : undefined;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: names.resource(r),
        title: TITLES[r],
        description: installed
          ? `${TITLES[r]} of the ${spec.name} platform, deployed by Argo CD`
          : `${TITLES[r]} reused by the ${spec.name} platform (not deployed by it)`,
        ...(installed
          ? {
              annotations: {
                [ANNOTATION_ARGOCD_APP_SELECTOR]: `${LABEL_PLATFORM}=${spec.name},${LABEL_PLATFORM_RESOURCE}=${r}`,
                [ANNOTATION_ARGOCD_PROJECT_NAME]: names.platformProject,
                ...source,
              },
            }
          : {}),
        ...(url ? { links: [{ url, title: TITLES[r] }] } : {}),
      },
      spec: { type: TYPES[r], owner: spec.owner, system: names.system },
    };
  });
  return [system, ...resources];
}

const destination = (server: string) =>
  server.startsWith('https://') ? { server } : { name: server };

/** Meshport's configuration (app-config) for this platform. */
export function meshportConfig(spec: PlatformSpec) {
  return {
    serviceMesh: {
      argocd: {
        instances: [
          {
            name: spec.name,
            url: spec.argocdUrl ?? 'https://argocd.example.com',
            token: '${ARGOCD_TOKEN}',
          },
        ],
      },
      kiali: { url: observabilityUrl(spec, 'kiali'), token: '${KIALI_TOKEN}' },
      prometheus: { baseUrl: observabilityUrl(spec, 'prometheus') },
      grafana: { url: observabilityUrl(spec, 'grafana') },
      jaeger: { url: observabilityUrl(spec, 'jaeger'), apiVersion: 'auto' },
      ...(spec.clusters.length > 1
        ? {
            clusters: spec.clusters.map(c => ({
              argocd: destination(c.server),
              kiali: c.name,
              prometheus: c.name,
            })),
          }
        : {}),
    },
  };
}
