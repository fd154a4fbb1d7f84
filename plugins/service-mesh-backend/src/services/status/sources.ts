import type { GrafanaConfig } from '../../config';
import type { ArgoCdApi } from '../argocd';
import type { ManifestSource } from '../git';
import type { KialiApi } from '../kiali';
import type { JaegerApi } from '../jaeger';
import type { MeshCluster } from '../mesh/clusters';
import type { EdgeSource, GoldenSignalsSource } from '../prometheus';

/** One Argo CD instance: its API and the base URL of its UI. */
export interface ArgoInstance {
  api: ArgoCdApi;
  url: string;
}

/** Prometheus: the golden-signal queries, its base URL and a version probe for diagnostics. */
export interface PrometheusSource {
  signals: GoldenSignalsSource;
  /** Traffic edges between workloads (topology and mesh graph). */
  edges: EdgeSource;
  url: string;
  version(): Promise<string>;
}

/**
 * The upstream systems the status is computed from. The real backend builds them from config; the
 * sandbox replaces exactly these with simulations, and everything that consumes them stays the same.
 */
export interface MeshSources {
  /** True when every source is simulated; every answer then says `sandbox: true`. */
  sandbox: boolean;
  argocd: ArgoInstance[];
  kiali?: { api: KialiApi; url: string; consoleUrl: string };
  prometheus?: PrometheusSource;
  manifests: ManifestSource;
  grafana?: GrafanaConfig;
  /** Base URL of the Jaeger UI, for links. */
  jaegerUrl?: string;
  /** Jaeger's query API, for trace hotspots. */
  jaeger?: JaegerApi;
  /** Argo CD destination clusters with their Kiali and Prometheus names (multi-cluster). */
  clusters?: MeshCluster[];
}
