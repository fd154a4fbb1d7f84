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

/** Argo CD's own cluster, by the name and the server its applications may give it. */
const IN_CLUSTER = {
  name: 'in-cluster',
  server: 'https://kubernetes.default.svc',
};

/**
 * Which cluster an Argo CD application deploys to, as a key: two applications with the same key run on
 * one cluster. Its configured cluster (`clusters`) when there is one, else its destination (Argo CD's
 * `in-cluster` name and its server are one cluster).
 */
export function clusterKey(
  destination: { name?: string; server?: string } | undefined,
  clusters: readonly MeshCluster[],
): string {
  const configured = clusterOf(destination, clusters);
  if (configured) return `configured:${clusters.indexOf(configured)}`;
  const server =
    destination?.name === IN_CLUSTER.name
      ? IN_CLUSTER.server
      : destination?.server;
  return server !== undefined
    ? `server:${trimSlashes(server)}`
    : `name:${destination?.name ?? ''}`;
}
