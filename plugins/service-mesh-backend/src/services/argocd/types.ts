/*
 * The parts of Argo CD's REST API (v1alpha1 types in Argo CD 3's swagger.json) that Meshport reads.
 * Fields are optional where Argo CD omits them.
 */

/** `v1alpha1ApplicationSource` (the parts we show) */
export interface ArgoApplicationSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  ref?: string;
  helm?: {
    valueFiles?: string[];
    parameters?: Array<{ name?: string; value?: string }>;
  };
  kustomize?: { images?: string[] };
  plugin?: {
    name?: string;
    env?: Array<{ name?: string; value?: string }>;
    parameters?: Array<{
      name?: string;
      string?: string;
      array?: string[];
      map?: Record<string, string>;
    }>;
  };
}

/** `v1alpha1OperationInitiator`: `{}` when Argo CD recorded nobody. */
export interface ArgoOperationInitiator {
  username?: string;
  automated?: boolean;
}

/** `v1alpha1Operation` (the parts we read): what an operation was asked to do. */
export interface ArgoOperation {
  sync?: { revision?: string; revisions?: string[] };
  initiatedBy?: ArgoOperationInitiator;
}

/** `v1alpha1RevisionHistory` */
export interface ArgoRevisionHistory {
  id: number;
  revision?: string;
  revisions?: string[];
  deployedAt: string;
  deployStartedAt?: string;
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
  initiatedBy?: ArgoOperationInitiator;
}

/** `v1alpha1ResourceStatus` */
export interface ArgoResourceStatus {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: string;
  health?: { status?: string; message?: string };
}

/** `v1alpha1Application` */
export interface ArgoApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: {
    project?: string;
    source?: ArgoApplicationSource;
    sources?: ArgoApplicationSource[];
    destination: { server?: string; namespace?: string; name?: string };
    syncPolicy?: {
      automated?: { prune?: boolean; selfHeal?: boolean; enabled?: boolean };
    };
  };
  /** Set by a sync request until the controller starts the operation. */
  operation?: ArgoOperation;
  status?: {
    sync?: {
      status?: string;
      revision?: string;
      revisions?: string[];
    };
    health?: { status?: string; message?: string };
    operationState?: {
      operation?: ArgoOperation;
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string; revisions?: string[] };
    };
    history?: ArgoRevisionHistory[];
    resources?: ArgoResourceStatus[];
    conditions?: Array<{ type: string; message: string }>;
    reconciledAt?: string;
    summary?: { images?: string[] };
  };
}

/** `v1alpha1ApplicationList` */
export interface ArgoApplicationList {
  metadata?: { resourceVersion?: string };
  items: ArgoApplication[] | null;
}

/** `v1alpha1ResourceNode` (the parts we read) */
export interface ArgoResourceNode {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  parentRefs?: Array<{ kind: string; name: string; namespace?: string }>;
  health?: { status?: string; message?: string };
}

/** `v1alpha1ApplicationTree` */
export interface ArgoApplicationTree {
  nodes?: ArgoResourceNode[];
}

/** `v1alpha1RevisionMetadata` */
export interface ArgoRevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
  signatureInfo?: string;
}

/** `versionVersionMessage` (the part we read) */
export interface ArgoVersion {
  Version: string;
}
