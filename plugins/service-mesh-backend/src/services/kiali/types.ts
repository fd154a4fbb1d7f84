/*
 * Kiali's JSON answers, following the Go structs in kiali/kiali `models/` (mtls_status.go, health.go,
 * workloads.go) and `status/` (the `api/status` answer). Kiali has no machine-readable schema.
 */

/** `models.MTLSStatus` */
export interface KialiMtlsStatus {
  status: string;
  autoMTLSEnabled?: boolean;
  minTLS?: string;
  cluster?: string;
  namespace?: string;
}

/** `models.WorkloadStatus` */
export interface KialiWorkloadStatus {
  name: string;
  desiredReplicas: number;
  currentReplicas: number;
  availableReplicas: number;
  syncedProxies: number;
}

/** `models.WorkloadHealth` */
export interface KialiWorkloadHealth {
  workloadStatus?: KialiWorkloadStatus | null;
  requests?: {
    inbound?: Record<string, Record<string, number>>;
    outbound?: Record<string, Record<string, number>>;
    healthAnnotations?: Record<string, string>;
  };
}

/** `models.ClustersNamespaceHealth` (the part for `type=workload`) */
export interface KialiClustersHealth {
  namespaceAppHealth?: Record<string, unknown> | null;
  namespaceServiceHealth?: Record<string, unknown> | null;
  namespaceWorkloadHealth?: Record<
    string,
    Record<string, KialiWorkloadHealth>
  > | null;
}

/** `models.Workload` (the part we read) */
export interface KialiWorkload {
  name: string;
  namespace?: string;
  cluster?: string;
  labels?: Record<string, string>;
  istioSidecar: boolean;
  isAmbient?: boolean;
  istioInjectionAnnotation?: boolean;
  desiredReplicas?: number;
  availableReplicas?: number;
  pods?: Array<{
    name: string;
    istioContainers?: Array<{ name: string; image?: string }> | null;
    proxyStatus?: Record<string, string> | null;
  }>;
  health?: KialiWorkloadHealth;
}

/** `status.StatusInfo` (`GET api/status`) */
export interface KialiStatus {
  status: Record<string, string>;
  externalServices?: Array<{ name: string; version?: string; url?: string }>;
  warningMessages?: string[];
}
