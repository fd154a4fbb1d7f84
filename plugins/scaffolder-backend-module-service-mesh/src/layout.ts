/*
 * Names and places of everything Meshport generates, once: the resource names derived from the
 * service name, and the directory each layer's files go to. The generator, the input rules (which
 * check that every derived name fits in 63 characters) and the actions all read them here.
 */
import type { ServiceSpec } from './spec/input';

/** Directory of the manifests inside the generated repository. */
export const MANIFESTS_DIR = 'deploy';
/** Directory of the Argo CD Applications (and AppProject) inside the generated repository. */
export const ARGOCD_DIR = `${MANIFESTS_DIR}/argocd`;
/** The catalog entity file, at the repository root. */
export const CATALOG_FILE = 'catalog-info.yaml';
/** Label naming the service on every object; Argo CD applications are selected by it. */
export const NAME_LABEL = 'app.kubernetes.io/name';

const BASE_DIR = `${MANIFESTS_DIR}/base`;

/** Directory of one environment's kustomize overlay. */
export function overlayDir(environment: string): string {
  return `${MANIFESTS_DIR}/overlays/${environment}`;
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

const RENDERED: ReadonlySet<Layer> = new Set([
  'workload',
  'mesh',
  'gateway',
  'kustomize',
]);

/** Path of a tagged file in the repository: the tag decides the directory. */
export function pathOf(tag: FileTag): string {
  if (tag.layer === 'catalog') return tag.fileName;
  if (tag.layer === 'gitops') return `${ARGOCD_DIR}/${tag.fileName}`;
  return tag.environment
    ? `${overlayDir(tag.environment)}/${tag.fileName}`
    : `${BASE_DIR}/${tag.fileName}`;
}

/** True when `kustomize build` of the environment's overlay includes the file (the base, or its overlay). */
export function renderedInEnvironment(tag: FileTag, environment: string) {
  return (
    RENDERED.has(tag.layer) &&
    (tag.environment === undefined || tag.environment === environment)
  );
}

/** True for Argo CD's own objects, which live in Argo CD's namespace. */
export function isArgoCdFile(tag: FileTag): boolean {
  return tag.layer === 'gitops';
}

/** Name of the object of one version of the workload (canary: `<name>-<version>`). */
export function versionedName(service: string, version: string): string {
  return `${service}-${version}`;
}

/** Names of the objects derived from the service name, for one service. */
export function resourceNames(service: string) {
  return {
    ingressVirtualService: `${service}-ingress`,
    gateway: `${service}-gateway`,
    /** The gateway's Certificate, and the default name of its TLS secret. */
    gatewayCertificate: `${service}-gateway-tls`,
    selfSignedIssuer: `${service}-selfsigned`,
    /** The Argo CD Application of one environment. */
    application: (environment: string) => `${service}-${environment}`,
  };
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
    ...(spec.exposure === 'gateway'
      ? [
          { name: names.ingressVirtualService, kind: 'VirtualService' },
          { name: names.gateway, kind: 'Gateway' },
          ...(spec.gatewayTls === 'self-signed'
            ? [
                { name: names.gatewayCertificate, kind: 'Certificate' },
                { name: names.selfSignedIssuer, kind: 'Issuer' },
              ]
            : []),
        ]
      : []),
    ...spec.environments.map(e => ({
      name: names.application(e.name),
      kind: 'Application',
    })),
  ];
}
