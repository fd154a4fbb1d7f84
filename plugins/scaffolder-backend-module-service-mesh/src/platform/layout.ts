/*
 * Names and places of everything in a generated platform repository, once: directories, file paths,
 * namespaces, release names, in-cluster addresses and the sync wave of each component.
 */
import type { ObservabilityComponent, PlatformSpec } from '../spec/platform';
import { IstioVersion } from './charts';

/** The Application that Argo CD is given by hand; it deploys everything under APPS_DIR. */
export const ROOT_APPLICATION_FILE = 'argocd/root.yaml';
/** The Applications and AppProjects the root Application deploys. */
export const APPS_DIR = 'argocd/apps';
/** Plain manifests (not charts) that Applications deploy, one directory per component. */
export const MANIFESTS_DIR = 'platform';
/** The catalog entities, at the repository root. */
export const CATALOG_FILE = 'catalog-info.yaml';
/** Meshport's own configuration for this platform. */
export const MESHPORT_CONFIG_FILE = 'meshport-config.yaml';
/** How to bootstrap and operate the repository. */
export const README_FILE = 'README.md';

/** Namespaces of the platform. */
export const NAMESPACES = {
  certManager: 'cert-manager',
  istio: 'istio-system',
} as const;

/** Label on every platform Application: the platform's name. */
export const LABEL_PLATFORM = 'meshport.io/platform';
/** Label on every platform Application: the catalog Resource it belongs to. */
export const LABEL_PLATFORM_RESOURCE = 'meshport.io/platform-resource';

/** The components, each an Argo CD Application per cluster, in sync-wave order. */
export const COMPONENTS = [
  'cert-manager',
  'istio-base',
  'mesh-ca',
  'istio-csr',
  'istiod',
  'istio-gateway',
  'mesh-policy',
  'prometheus',
  'jaeger',
  'grafana',
  'kiali',
] as const;
/** One component. */
export type Component = (typeof COMPONENTS)[number];

/**
 * Sync waves: CRDs (cert-manager, Istio's base) first; the CA needs cert-manager's CRDs; istio-csr
 * needs the CA's issuer; istiod needs its CA; the gateway needs istiod's injector; mesh-wide policy
 * needs Istio's CRDs and validating webhook; Grafana and Kiali point at Prometheus and Jaeger.
 * AppProjects come before every Application.
 */
export const SYNC_WAVES: Record<Component | 'projects', number> = {
  projects: -1,
  'cert-manager': 0,
  'istio-base': 0,
  'mesh-ca': 1,
  'istio-csr': 2,
  istiod: 3,
  'istio-gateway': 4,
  'mesh-policy': 4,
  prometheus: 5,
  jaeger: 5,
  grafana: 6,
  kiali: 6,
};

/** The catalog Resources of a platform and the components each groups. */
export const RESOURCES = {
  'certificate-authority': ['cert-manager', 'mesh-ca', 'istio-csr'],
  'control-plane': ['istio-base', 'istiod', 'mesh-policy'],
  gateway: ['istio-gateway'],
  prometheus: ['prometheus'],
  grafana: ['grafana'],
  kiali: ['kiali'],
  jaeger: ['jaeger'],
} as const satisfies Record<string, readonly Component[]>;
/** One catalog Resource of the platform. */
export type PlatformResource = keyof typeof RESOURCES;

/** The Resource a component belongs to. */
export function resourceOf(component: Component): PlatformResource {
  return (Object.keys(RESOURCES) as PlatformResource[]).find(r =>
    (RESOURCES[r] as readonly Component[]).includes(component),
  )!;
}

/** Helm release names: the in-cluster names below follow from them. */
export const RELEASES = {
  'cert-manager': 'cert-manager',
  'istio-csr': 'cert-manager-istio-csr',
  'istio-base': 'istio-base',
  istiod: 'istiod',
  'istio-gateway': 'istio-ingressgateway',
  prometheus: 'prometheus',
  grafana: 'grafana',
  kiali: 'kiali',
  jaeger: 'jaeger',
} as const;

/**
 * The ingress gateway the gateway chart deploys (istio/istio `manifests/charts/gateway`
 * `_helpers.tpl`): its pods carry `istio: <release name without "istio-">` and run as the service
 * account named after the release.
 */
export const GATEWAY = {
  selector: { istio: RELEASES['istio-gateway'].replace(/^istio-/, '') },
  serviceAccount: RELEASES['istio-gateway'],
} as const;

const svc = (name: string) => `${name}.${NAMESPACES.istio}.svc`;

/** In-cluster addresses of the installed observability components. */
export const INSTALLED_URLS: Record<ObservabilityComponent, string> = {
  prometheus: `http://${svc(`${RELEASES.prometheus}-server`)}:80`,
  grafana: `http://${svc(RELEASES.grafana)}:80`,
  kiali: `http://${svc(RELEASES.kiali)}:20001/kiali`,
  jaeger: `http://${svc(RELEASES.jaeger)}:16686`,
};

/** istio-csr's gRPC address, where istiod and the proxies send certificate requests. */
export const ISTIO_CSR_ADDRESS = `${RELEASES['istio-csr']}.${NAMESPACES.certManager}.svc:443`;
/** Jaeger's OTLP/gRPC port, where Istio sends spans. */
export const OTLP_GRPC_PORT = 4317;

/** Names derived from the platform's name. */
export function platformNames(spec: Pick<PlatformSpec, 'name'>) {
  const { name } = spec;
  return {
    system: name,
    resource: (r: PlatformResource) => `${name}-${r}`,
    /** The AppProject of the platform's own Applications. */
    platformProject: name,
    /** The AppProject that service repositories deploy with. */
    servicesProject: `${name}-services`,
    rootApplication: `${name}-root`,
    application: (cluster: string, component: Component) =>
      `${cluster}-${component}`,
    selfSignedIssuer: `${name}-selfsigned`,
    rootCa: `${name}-root-ca`,
    /** The intermediate CA's Certificate and secret: istio-csr's issuer reads istio-ca; istiod reads cacerts. */
    intermediateCa: (ca: PlatformSpec['ca']) =>
      ca === 'istio-csr' ? 'istio-ca' : 'cacerts',
    istioCaIssuer: 'istio-ca',
  };
}

/** Path of one Application's file. */
export function applicationPath(cluster: string, component: Component) {
  return `${APPS_DIR}/${cluster}/${component}.yaml`;
}

/** Directory of a component's plain manifests. */
export function manifestsDir(component: 'mesh-ca' | 'mesh-policy') {
  return `${MANIFESTS_DIR}/${component}`;
}

/** Raw URL of one of Istio's Grafana dashboards at an Istio version. */
export function istioDashboardUrl(version: IstioVersion, file: string) {
  return `https://raw.githubusercontent.com/istio/istio/${version}/manifests/addons/dashboards/${file}`;
}
