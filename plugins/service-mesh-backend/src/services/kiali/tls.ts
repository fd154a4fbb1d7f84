import type { KialiTlsStatus } from '@meshport/plugin-service-mesh-common';

/** Each status Kiali can send, keyed so that the compiler checks the list against the wire type. */
const KNOWN: Record<KialiTlsStatus, true> = {
  MTLS_ENABLED: true,
  MTLS_PARTIALLY_ENABLED: true,
  MTLS_NOT_ENABLED: true,
  MTLS_DISABLED: true,
  UNSET: true,
  UNSET_INHERITED_STRICT: true,
  UNSET_INHERITED_DISABLED: true,
  MTLS_ENABLED_EXTENDED: true,
  MTLS_VALIDATION_ERROR: true,
};

/** True for a TLS status some Kiali version sends; false for any other string. */
export function isKialiTlsStatus(status: unknown): status is KialiTlsStatus {
  return typeof status === 'string' && Object.hasOwn(KNOWN, status);
}

/**
 * A namespace's status as Kiali's UI shows it, from the namespace's and the mesh-wide status. Kiali up to
 * 2.22 reports a namespace without a policy of its own as `MTLS_NOT_ENABLED` even when a STRICT policy in
 * the root namespace covers it; its UI (`nsWideMTLSStatus` in kiali-frontend `types/TLSStatus.ts`) then
 * shows `MTLS_ENABLED_EXTENDED`. Kiali 2.23+ resolves `UNSET` itself and its UI treats a remaining
 * `UNSET`/`MTLS_NOT_ENABLED` under a STRICT or DISABLE mesh as inherited (`NamespacesPage`
 * `resolveNamespaceTlsStatusForDisplay`).
 */
export function combinedNamespaceStatus(
  namespace: KialiTlsStatus,
  mesh: KialiTlsStatus | undefined,
): KialiTlsStatus {
  if (namespace === 'MTLS_NOT_ENABLED' && mesh === 'MTLS_ENABLED') {
    return 'MTLS_ENABLED_EXTENDED';
  }
  if (namespace === 'UNSET' && mesh === 'MTLS_ENABLED') {
    return 'UNSET_INHERITED_STRICT';
  }
  if (
    (namespace === 'UNSET' || namespace === 'MTLS_NOT_ENABLED') &&
    mesh === 'MTLS_DISABLED'
  ) {
    return 'UNSET_INHERITED_DISABLED';
  }
  return namespace;
}

/**
 * The Kiali API generation a version speaks: `api/clusters/tls` appeared in 1.81 and `api/clusters/health`
 * in 1.82 (which also dropped `api/namespaces/{ns}/health`); older versions answer per namespace.
 * An unknown version is taken to be current.
 */
export function kialiEndpoints(version: string | undefined): {
  clustersTls: boolean;
  clustersHealth: boolean;
} {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return { clustersTls: true, clustersHealth: true };
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const atLeast = (m: number) => major > 1 || (major === 1 && minor >= m);
  return { clustersTls: atLeast(81), clustersHealth: atLeast(82) };
}
