/*
 * The status API's wire types, shared by the backend (which produces them) and the frontend (which
 * renders them). Numbers are numbers (ratios in 0..1, latencies in milliseconds), never strings.
 */

/** The upstream systems Meshport reads. */
export type SourceName = 'argocd' | 'kiali' | 'prometheus' | 'git' | 'jaeger';

/**
 * How one upstream answered. `ok` carries data; every other state carries a message a platform
 * engineer can act on.
 */
export type SourceState =
  | 'ok'
  | 'not-configured'
  | 'not-found'
  | 'unauthorized'
  | 'unreachable'
  | 'timeout'
  | 'bad-answer'
  /** The entity's annotations match upstream objects that are not bound to it: refused, none shown. */
  | 'not-allowed';

/** One upstream's part of an answer: where it came from, how it went, and its data when it went well. */
export interface SourceResult<T> {
  source: SourceName;
  /** Configured instance name (e.g. the Argo CD instance), when the source has several. */
  instance?: string;
  state: SourceState;
  /** Why the state is not `ok`, naming the instance and the reason; never contains a token. */
  message?: string;
  /** True when the data is simulated by the sandbox, not read from a real upstream. */
  sandbox?: boolean;
  data?: T;
  /** Set when `data` is the last good answer, served because the source failed this time (`message` says how). */
  stale?: SourceStale;
}

/** How old served data is and why it was not read now. */
export interface SourceStale {
  /** When the data was read from the upstream (ISO 8601). */
  fetchedAt: string;
  /** Why it was not read now, e.g. `Kiali not answering`. */
  reason: string;
}

/** Argo CD sync status. */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
/** Argo CD health status. */
export type HealthStatus =
  'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
/** Argo CD operation phase. */
export type OperationPhase =
  'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';

/**
 * Who started an Argo CD operation (Argo CD's `OperationInitiator`): the automated sync policy, or a
 * user. Absent where Argo CD recorded no initiator (it sends `initiatedBy: {}`).
 */
export type ArgoInitiator =
  { automated: true } | { automated: false; username: string };

/** One entry of an Argo CD application's deployment history. */
export interface ArgoHistoryEntry {
  id: number;
  /** Git revision (commit SHA); multi-source apps give the first source's revision here. */
  revision: string;
  /** Multi-source apps: one revision per source, in the order of `ArgoAppStatus.sources`. */
  revisions?: string[];
  deployedAt: string;
  deployStartedAt?: string;
  initiatedBy?: ArgoInitiator;
}

/** Commit metadata of one revision, loaded on demand (one revision per request). */
export interface RevisionMetadata {
  revision: string;
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

/** A Kubernetes resource managed by an Argo CD application, with its health from the resource tree. */
export interface ArgoResource {
  group?: string;
  kind: string;
  namespace?: string;
  name: string;
  syncStatus?: string;
  health?: HealthStatus;
  healthMessage?: string;
}

/** A name/value pair of a Helm parameter or a plugin's environment. */
export interface ArgoNameValue {
  name: string;
  value: string;
}

/** One source of an Argo CD application (`spec.source` or one of `spec.sources`) with its parameters. */
export interface ArgoSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  /** Multi-source apps: the name other sources use to refer to this one (`$ref/...`). */
  ref?: string;
  helm?: { valueFiles?: string[]; parameters?: ArgoNameValue[] };
  kustomize?: { images?: string[] };
  plugin?: {
    name?: string;
    env?: ArgoNameValue[];
    /** Config management plugin parameters; arrays joined by `,`, maps as `key=value` pairs. */
    parameters?: ArgoNameValue[];
  };
}

/** One Argo CD application as Meshport shows it. */
export interface ArgoAppStatus {
  instance: string;
  name: string;
  appNamespace?: string;
  project?: string;
  /** Environment: the app's `meshport.io/environment` label, else the app name. */
  environment: string;
  destination: { namespace?: string; server?: string; name?: string };
  /** Repository URL(s) and path(s) the app deploys from (several for multi-source apps). */
  sources: ArgoSource[];
  sync: { status: SyncStatus; revision?: string; revisions?: string[] };
  health: { status: HealthStatus; message?: string };
  /** The current (or last) operation: `status.operationState` with what it was asked to do. */
  operation?: {
    phase: OperationPhase;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    /** The revision the operation syncs to (multi-source apps: `revisions`). */
    revision?: string;
    revisions?: string[];
    initiatedBy?: ArgoInitiator;
  };
  /** When the last sync operation finished. */
  lastSyncedAt?: string;
  reconciledAt?: string;
  automated: { enabled: boolean; prune: boolean; selfHeal: boolean };
  history: ArgoHistoryEntry[];
  /** Resources whose health is not Healthy, or that are out of sync. */
  unhealthyResources: ArgoResource[];
  resourceCount: number;
  conditions: Array<{ type: string; message: string }>;
  images: string[];
  /** Link into the Argo CD UI. */
  url: string;
}

/** Combined mTLS verdict. */
export type MtlsVerdict = 'strict' | 'partial' | 'off' | 'unknown';

/** What the manifests in Git declare for the workload. */
export interface DeclaredMtls {
  /** Effective PeerAuthentication mode for the workload (workload, then namespace policy). */
  mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';
  /** Objects the mode was read from, as `Kind/namespace/name`. */
  objects: string[];
  /** DestinationRules for the workload whose `trafficPolicy.tls.mode` is not ISTIO_MUTUAL. */
  weakDestinationRules: string[];
  location: string;
}

/**
 * Every TLS status Kiali sends for a namespace or the mesh (`business/tls.go`): the first four since
 * 1.x; `UNSET`, `UNSET_INHERITED_STRICT`, `UNSET_INHERITED_DISABLED`, `MTLS_ENABLED_EXTENDED` and
 * `MTLS_VALIDATION_ERROR` since 2.23 (`MTLS_ENABLED_EXTENDED` is also what Kiali's UI shows, and
 * Meshport reports, for a namespace without policy in a mesh-wide STRICT mesh).
 */
export type KialiTlsStatus =
  | 'MTLS_ENABLED'
  | 'MTLS_PARTIALLY_ENABLED'
  | 'MTLS_NOT_ENABLED'
  | 'MTLS_DISABLED'
  | 'UNSET'
  | 'UNSET_INHERITED_STRICT'
  | 'UNSET_INHERITED_DISABLED'
  | 'MTLS_ENABLED_EXTENDED'
  | 'MTLS_VALIDATION_ERROR';

/** What Kiali reports for the namespace (Kiali's `MTLSStatus`), combined with the mesh-wide status. */
export interface ReportedMtls {
  /** The namespace's effective status: Kiali's namespace status, combined as Kiali's UI does with the mesh-wide one. */
  status: KialiTlsStatus;
  autoMTLSEnabled: boolean;
  minTLS?: string;
  /** Kiali's own namespace status, when the mesh-wide status changed it. */
  namespaceStatus?: KialiTlsStatus;
  /** Kiali's mesh-wide status (`api/mesh/tls`), when Kiali gave one. */
  meshStatus?: KialiTlsStatus;
}

/** What traffic shows: share of inbound requests over mutual TLS in the last 5 minutes. */
export interface ObservedMtls {
  /** 0..1, or null when there was no traffic to judge by. */
  mutualTlsShare: number | null;
  requestsPerSecond: number;
}

/** Where a part of the mTLS verdict comes from: Git's manifests, Kiali, or Prometheus' traffic metrics. */
export type MtlsSourceName = 'git' | 'kiali' | 'traffic';

/** What one source alone says about mTLS, as the backend judged it. */
export interface MtlsSourceVerdict {
  source: MtlsSourceName;
  verdict: Exclude<MtlsVerdict, 'unknown'>;
  /** The fact the verdict was read from, e.g. "Kiali reports MTLS_ENABLED". */
  detail: string;
}

/** The mTLS state of one environment: a verdict, its three sources, and disagreements as findings. */
export interface MtlsStatus {
  verdict: MtlsVerdict;
  /** One sentence that explains the verdict and, when the sources disagree, what to do. */
  summary: string;
  /**
   * The verdict of each source that could give one (a source that failed, Git without any
   * PeerAuthentication, or no traffic gives none); `verdict` is the weakest of them.
   */
  sources: MtlsSourceVerdict[];
  /** True when the sources' verdicts are not all the same. */
  disagreement: boolean;
  declared: SourceResult<DeclaredMtls>;
  reported: SourceResult<ReportedMtls>;
  observed: SourceResult<ObservedMtls>;
}

/** Is the workload in the mesh (sidecar injected)? */
export interface SidecarStatus {
  injected: boolean | null;
  /** Where the answer came from, e.g. "namespace label istio-injection=enabled", "Kiali: 3/3 proxies synced". */
  evidence: string[];
  /** The fix when not injected, e.g. `kubectl label namespace shop istio-injection=enabled`. */
  fix?: string;
}

/** One point of a time series: Unix seconds, value (null where there was no data). */
export type SeriesPoint = [number, number | null];

/** Current values of the golden signals. Ratios in 0..1, latencies in milliseconds. */
export interface GoldenSignalValues {
  requestsPerSecond: number | null;
  errorRatio: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /** CPU used / CPU limit, 0..1 (application containers, not the sidecar). */
  cpuSaturation: number | null;
  /** Memory working set / memory limit, 0..1. */
  memorySaturation: number | null;
}

/** Time ranges the charts offer. */
export type SignalRange = '1h' | '6h' | '24h' | '7d';

/** Golden signals of one workload: current values and series over the requested range. */
export interface GoldenSignals {
  current: GoldenSignalValues;
  range: SignalRange;
  stepSeconds: number;
  series: {
    requestsPerSecond: SeriesPoint[];
    errorRatio: SeriesPoint[];
    latencyP50Ms: SeriesPoint[];
    latencyP95Ms: SeriesPoint[];
    latencyP99Ms: SeriesPoint[];
    cpuSaturation: SeriesPoint[];
    memorySaturation: SeriesPoint[];
  };
  /** Argo CD sync times within the range, to mark deploys on the charts. */
  deploys: Array<{ at: string; revision: string }>;
}

/** Severity of an analyzer finding. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One problem the manifest analyzer (or the status comparison) found, with the fix. */
export interface Finding {
  /** Stable rule id, e.g. `vs-subset-undefined`. */
  rule: string;
  severity: FindingSeverity;
  /** The object the finding is about. */
  object: {
    apiVersion?: string;
    kind: string;
    name: string;
    namespace?: string;
  };
  message: string;
  fix: string;
}

/** A deep link into another tool. */
export interface MeshLink {
  tool: 'kiali' | 'argocd' | 'grafana' | 'jaeger' | 'prometheus';
  title: string;
  url: string;
}

/** Everything about one environment (one deployment) of an entity. */
export interface EnvironmentStatus {
  /**
   * Unique among the entity's environments: `<instance>:<app namespace>/<app>` for an Argo CD
   * application (an application deploys to one cluster), else the name. `signals?environment=` takes it.
   */
  id: string;
  /** `dev`, `staging`, `prod`, ... (two Argo CD instances may deploy the same name) */
  name: string;
  /** The Argo CD instance of the environment's application. */
  instance?: string;
  namespace: string;
  cluster?: string;
  workload: string;
  argocd: SourceResult<ArgoAppStatus>;
  mtls: MtlsStatus;
  sidecar: SidecarStatus;
  /** Current values only; the series come from the signals route. */
  signals: SourceResult<GoldenSignalValues>;
  links: MeshLink[];
}

/** `GET /entities/{kind}/{namespace}/{name}/status` */
export interface EntityMeshStatus {
  entityRef: string;
  /** True when any source answered from the sandbox. */
  sandbox: boolean;
  environments: EnvironmentStatus[];
  findings: SourceResult<Finding[]>;
  generatedAt: string;
}

/** `GET /entities/{kind}/{namespace}/{name}/signals?range=1h&environment=dev` */
export interface EntitySignalsResponse {
  entityRef: string;
  environment: string;
  /** The environment's id (see `EnvironmentStatus.id`). */
  environmentId: string;
  sandbox: boolean;
  signals: SourceResult<GoldenSignals>;
}

/** One row of the mesh overview: one entity in one environment. */
export interface OverviewRow {
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The environment's id (see `EnvironmentStatus.id`): unique per entity. */
  id: string;
  environment: string;
  /** The Argo CD instance and destination cluster of the environment's application. */
  instance?: string;
  cluster?: string;
  namespace: string;
  workload: string;
  sync?: SyncStatus;
  health?: HealthStatus;
  mtls: MtlsVerdict;
  requestsPerSecond: number | null;
  errorRatio: number | null;
  latencyP99Ms: number | null;
}

/** `GET /overview` */
export interface MeshOverview {
  sandbox: boolean;
  rows: OverviewRow[];
  /** How each upstream answered the batched queries. */
  sources: Array<SourceResult<null>>;
  generatedAt: string;
}

/** One Argo CD application of an entity, as the status route reports it and the action routes name it. */
export interface ArgoAppRef {
  instance: string;
  app: string;
  appNamespace?: string;
}

/** `POST /entities/{kind}/{namespace}/{name}/argocd/{instance}/{app}/(refresh|sync)` */
export interface ArgoActionResult {
  instance: string;
  app: string;
  action: 'refresh' | 'sync';
  /**
   * The sync status after a refresh; `Requested` after a sync: Argo CD only recorded the operation, the
   * status reports it once its controller starts it (see `isRequestedOperation`).
   */
  result: string;
  message?: string;
  /** Sync: the revision(s) Argo CD was asked to sync to (multi-source apps: `revisions`). */
  revision?: string;
  revisions?: string[];
  /** Sync: `startedAt` of the operation before this one; the requested one starts later. */
  previousStartedAt?: string;
  /** Sync: when Meshport asked. */
  requestedAt?: string;
}

/** `GET /diagnostics`: one row per configured upstream instance. */
export interface DiagnosticsEntry {
  source: SourceName;
  instance: string;
  url: string;
  state: SourceState;
  version?: string;
  message?: string;
  latencyMs?: number;
  /** The source's circuit breaker on the replica that answered (none for Git). */
  breaker?: BreakerStatus;
}

/** One upstream's circuit breaker (per backend replica). */
export interface BreakerStatus {
  /** `closed`: asked; `open`: not asked, answers come from the last good data; `half-open`: one probe may ask. */
  state: 'closed' | 'open' | 'half-open';
  /** Failed or slow calls in a row. */
  consecutiveFailures: number;
  /** When it last opened (ISO 8601), while not closed. */
  openedAt?: string;
  /** The last failure's message and time. */
  lastError?: string;
  lastErrorAt?: string;
}
