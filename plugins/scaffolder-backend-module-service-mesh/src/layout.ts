/*
 * Names and places of everything Meshport generates, once: the resource names derived from the
 * service name, and the directory each layer's files go to. The generator, the input rules (which
 * check that every derived name fits in 63 characters) and the actions all read them here.
 */
import { deployedGatewayName } from '@meshport/plugin-service-mesh-common';
import type { ServiceSpec } from './spec/input';

/** Directory of the manifests inside the generated repository. */
export const MANIFESTS_DIR = 'deploy';
/** Directory of the Argo CD Applications (and AppProject) inside the generated repository. */
export const ARGOCD_DIR = `${MANIFESTS_DIR}/argocd`;
/** The catalog entity file, at the repository root. */
export const CATALOG_FILE = 'catalog-info.yaml';
/** Label naming the service on every object; Argo CD applications are selected by it. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** Directory of the environment-independent kustomize base. */
export const BASE_DIR = `${MANIFESTS_DIR}/base`;

const OVERLAYS_DIR = `${MANIFESTS_DIR}/overlays`;

/** Directory of one environment's kustomize overlay. */
export function overlayDir(environment: string): string {
  return `${OVERLAYS_DIR}/${environment}`;
}

/** How an overlay's kustomization refers to the base. */
export const OVERLAY_BASE_REFERENCE = '../../base';

/**
 * What a generated file is about. Workload, mesh, gateway and kustomize files are what a cluster
 * renders (the base, or one environment's overlay); GitOps files are Argo CD's; catalog is Backstage's.
 */
export type Layer =
  'workload' | 'mesh' | 'gateway' | 'kustomize' | 'gitops' | 'catalog';

/** A generated file's tag: its layer, and the environment whose overlay holds it (none: the base). */
export interface FileTag {
  layer: Layer;
  environment?: string;
  /** File name inside the layer's directory. */
  fileName: string;
}

/** Path of a tagged file in the repository: the tag decides the directory. */
export function pathOf(tag: FileTag): string {
  if (tag.layer === 'catalog') return tag.fileName;
  if (tag.layer === 'gitops') return `${ARGOCD_DIR}/${tag.fileName}`;
  return tag.environment
    ? `${overlayDir(tag.environment)}/${tag.fileName}`
    : `${BASE_DIR}/${tag.fileName}`;
}

/**
 * Where a repository path sits, the inverse of `pathOf`: a file a cluster renders (the base, or one
 * environment's overlay), an Argo CD file, the catalog entity; undefined for anything else (the
 * service's own sources).
 */
export type Placement =
  | { kind: 'rendered'; environment?: string; fileName: string }
  | { kind: 'argocd'; fileName: string }
  | { kind: 'catalog' };

/** The placement of a repository path (see `Placement`). */
export function placementOf(path: string): Placement | undefined {
  if (path === CATALOG_FILE) return { kind: 'catalog' };
  const argocd = segmentsUnder(path, ARGOCD_DIR);
  if (argocd?.length === 1) return { kind: 'argocd', fileName: argocd[0] };
  const base = segmentsUnder(path, BASE_DIR);
  if (base?.length === 1) return { kind: 'rendered', fileName: base[0] };
  const overlay = segmentsUnder(path, OVERLAYS_DIR);
  if (overlay?.length === 2) {
    return { kind: 'rendered', environment: overlay[0], fileName: overlay[1] };
  }
  return undefined;
}

function segmentsUnder(path: string, dir: string): string[] | undefined {
  return path.startsWith(`${dir}/`)
    ? path.slice(dir.length + 1).split('/')
    : undefined;
}

/** True when `kustomize build` of the environment's overlay includes the file (the base, or its overlay). */
export function renderedInEnvironment(path: string, environment: string) {
  const placement = placementOf(path);
  return (
    placement?.kind === 'rendered' &&
    (placement.environment === undefined ||
      placement.environment === environment)
  );
}

/** True for Argo CD's own objects, which live in Argo CD's namespace. */
export function isArgoCdFile(path: string): boolean {
  return placementOf(path)?.kind === 'argocd';
}

/** Name of the object of one version of the workload (canary: `<name>-<version>`). */
export function versionedName(service: string, version: string): string {
  return `${service}-${version}`;
}

/** Names of the objects derived from the service name, for one service. */
export function resourceNames(service: string) {
  return {
    ingressVirtualService: `${service}-ingress`,
    /** The ingress route (HTTPRoute) and the AuthorizationPolicy letting the gateway in. */
    ingress: `${service}-ingress`,
    /** The HTTPRoute that redirects plain HTTP to HTTPS. */
    httpsRedirect: `${service}-to-https`,
    gateway: `${service}-gateway`,
    /** What Istio deploys for the Kubernetes Gateway API Gateway: Deployment, Service, ServiceAccount. */
    deployedGateway: deployedGatewayName(`${service}-gateway`),
    /** The gateway's Certificate, and the default name of its TLS secret, beside the gateway. */
    gatewayCertificate: `${service}-gateway-tls`,
    selfSignedIssuer: `${service}-selfsigned`,
    /** The Certificate (and secret) of one environment in the shared ingress gateway's namespace. */
    sharedGatewayCertificate: (environment: string) =>
      `${service}-${environment}-gateway-tls`,
    /** The Issuer of one environment in the shared ingress gateway's namespace. */
    sharedSelfSignedIssuer: (environment: string) =>
      `${service}-${environment}-selfsigned`,
    /** The Service of one version, the target of a weighted ingress route (canary). */
    versionService: (version: string) => versionedName(service, version),
    /** The Argo CD Application of one environment. */
    application: (environment: string) => `${service}-${environment}`,
  };
}

/** Placeholders of `hostPattern`: the host's first label, the rest of it, the environment name. */
export const HOST_PATTERN_PLACEHOLDERS = ['{label}', '{domain}', '{env}'];

/**
 * The hosts an environment's gateway serves: the hosts as given for `bareHostEnvironment`, else each
 * host through `hostPattern` (a leading `*.` is kept in front: `*.shop.example.com` with
 * `{label}-{env}.{domain}` gives `*.shop-dev.example.com` in dev).
 */
export function environmentHosts(
  spec: Pick<ServiceSpec, 'hosts' | 'hostPattern' | 'bareHostEnvironment'>,
  environment: string,
): string[] {
  if (environment === spec.bareHostEnvironment) return [...spec.hosts];
  return spec.hosts.map(host => {
    const wildcard = host.startsWith('*.') ? '*.' : '';
    const bare = host.slice(wildcard.length);
    const dot = bare.indexOf('.');
    return (
      wildcard +
      spec.hostPattern
        .replaceAll('{label}', dot < 0 ? bare : bare.slice(0, dot))
        .replaceAll('{domain}', dot < 0 ? '' : bare.slice(dot + 1))
        .replaceAll('{env}', environment)
    );
  });
}

/** Default namespace of an environment: `<namespace or service name>-<environment>`. */
export function environmentNamespace(base: string, environment: string) {
  return `${base}-${environment}`;
}

/** Istio principal (SPIFFE id without the scheme) of a service account. */
export function principal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/** Entity reference of the generated catalog Component. */
export function componentRef(service: string): string {
  return `component:default/${service}`;
}

/** Names derived from the service name, with the kinds that carry them; all must be DNS-1123 labels. */
export function derivedNames(
  spec: ServiceSpec,
): Array<{ name: string; kind: string }> {
  const names = resourceNames(spec.name);
  const versions = spec.canary
    ? [spec.canary.stableVersion, spec.canary.canaryVersion]
    : [];
  return [
    ...versions.map(v => ({
      name: versionedName(spec.name, v),
      kind: 'Deployment',
    })),
    ...(spec.exposure === 'gateway' ? gatewayNames(spec) : []),
    ...spec.environments.map(e => ({
      name: names.application(e.name),
      kind: 'Application',
    })),
  ];
}

function gatewayNames(
  spec: ServiceSpec,
): Array<{ name: string; kind: string }> {
  const names = resourceNames(spec.name);
  const selfSigned = spec.gatewayTls === 'self-signed';
  if (spec.gatewayMode === 'gateway-api') {
    return [
      { name: names.gateway, kind: 'Gateway' },
      { name: names.deployedGateway, kind: 'Service (deployed by Istio)' },
      { name: names.ingress, kind: 'HTTPRoute' },
      { name: names.httpsRedirect, kind: 'HTTPRoute' },
      ...(selfSigned
        ? [
            { name: names.gatewayCertificate, kind: 'Certificate' },
            { name: names.selfSignedIssuer, kind: 'Issuer' },
          ]
        : []),
    ];
  }
  return [
    { name: names.ingressVirtualService, kind: 'VirtualService' },
    { name: names.gateway, kind: 'Gateway' },
    ...spec.environments.flatMap(e =>
      selfSigned
        ? [
            {
              name: names.sharedGatewayCertificate(e.name),
              kind: 'Certificate',
            },
            { name: names.sharedSelfSignedIssuer(e.name), kind: 'Issuer' },
          ]
        : [],
    ),
  ];
}
