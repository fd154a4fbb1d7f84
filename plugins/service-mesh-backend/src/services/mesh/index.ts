export { declaredMtls } from './declaredMtls';
export { mtlsVerdict, FULL_MTLS_SHARE } from './verdict';
export { sidecarStatus } from './sidecar';
export type { SidecarEvidence } from './sidecar';
export { buildLinks, kialiIstioObjectPath, kialiWorkloadUrl } from './links';
export type { LinkTargets, LinkSubject } from './links';
export { appIdentity } from './appIdentity';
export type { AppIdentity, IdentityEvidence } from './appIdentity';
export {
  clusterByPrometheusName,
  clusterKey,
  clusterOf,
  isClusterName,
} from './clusters';
export type { MeshCluster } from './clusters';
