/** One cluster as each upstream names it (`serviceMesh.clusters[]`). */
export interface MeshCluster {
  /** How Argo CD applications address it: `spec.destination.name` or `spec.destination.server`. */
  argocd: { name: string } | { server: string };
  /** Kiali's name of the cluster, sent as `clusterName=` (Istio's cluster name, e.g. `Kubernetes`). */
  kiali?: string;
  /** The cluster label's value in Prometheus (Istio's `destination_cluster`, e.g. `cluster-east`). */
  prometheus?: string;
}

/**
 * Istio, Kiali and Prometheus cluster names as Meshport accepts them: letters, digits, `-`, `_`, `.`,
 * starting and ending with a letter or digit, at most 253 characters (Istio's default is `Kubernetes`).
 */
const CLUSTER_NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$/;

/** True when `value` is a cluster name Meshport sends to Kiali and writes into a PromQL matcher. */
export function isClusterName(value: unknown): value is string {
  return typeof value === 'string' && CLUSTER_NAME.test(value);
}

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

/**
 * The configured cluster an Argo CD application deploys to, by its destination's `name` or `server`;
 * undefined when none is configured for it (then no cluster is named to Kiali or Prometheus).
 */
export function clusterOf(
  destination: { name?: string; server?: string } | undefined,
  clusters: readonly MeshCluster[],
): MeshCluster | undefined {
  if (!destination) return undefined;
  return clusters.find(c =>
    'name' in c.argocd
      ? c.argocd.name === destination.name
      : destination.server !== undefined &&
        trimSlashes(c.argocd.server) === trimSlashes(destination.server),
  );
}

/** The configured cluster that Prometheus names `prometheus` (a topology node's cluster); undefined when none is. */
export function clusterByPrometheusName(
  prometheus: string | undefined,
  clusters: readonly MeshCluster[],
): MeshCluster | undefined {
  return prometheus === undefined
    ? undefined
    : clusters.find(c => c.prometheus === prometheus);
}
