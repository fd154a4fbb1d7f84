/*
 * The batched reads' plumbing: one scope over many targets (and their clusters), answers keyed as the
 * targets are.
 */
import type { ObservedMtls } from '@meshport/plugin-service-mesh-common';
import type { PrometheusSample } from './PrometheusClient';
import {
  checkTarget,
  workloadKey,
  type ClusterLabels,
  type QueryScope,
  type WorkloadTarget,
} from './promql';

/** Evaluation time: `nowSec`, else the wall clock, in whole seconds. */
export function nowSeconds(nowSec?: number): number {
  return nowSec ?? Math.floor(Date.now() / 1000);
}

/** `part / whole`; null when the whole is unknown or zero. */
export function ratio(
  part: number | null,
  whole: number | null,
): number | null {
  if (whole === null || whole === 0) return null;
  return (part ?? 0) / whole;
}

/** The share of a workload's requests over mutual TLS, from the traffic and mutual-TLS rates. */
export function observedMtlsOf(
  traffic: Map<string, number | null>,
  mutual: Map<string, number | null>,
  key: string,
): ObservedMtls {
  const requests = traffic.get(key) ?? null;
  return {
    mutualTlsShare: ratio(mutual.get(key) ?? null, requests),
    requestsPerSecond: requests ?? 0,
  };
}

/**
 * The targets, checked, the scope of one batched query over their namespaces (and clusters, when they
 * name them) and its evaluation time; undefined when there are no targets (nothing to ask).
 */
export function batchOf(
  targets: readonly WorkloadTarget[],
  nowSec: number | undefined,
  labels: ClusterLabels,
): { checked: WorkloadTarget[]; scope: QueryScope; now: number } | undefined {
  const checked = targets.map((t, i) => checkTarget(t, `targets[${i}]`));
  if (checked.length === 0) return undefined;
  const namespaces = [...new Set(checked.map(t => t.namespace))].sort();
  const clusters = [
    ...new Set(checked.flatMap(t => (t.cluster ? [t.cluster] : []))),
  ].sort();
  return {
    checked,
    scope: clusters.length
      ? { kind: 'namespaces', namespaces, clusters, clusterLabels: labels }
      : { kind: 'namespaces', namespaces },
    now: nowSeconds(nowSec),
  };
}

/**
 * Runs a batched read once for the targets in a cluster and once for the others (an application whose
 * destination is not in `serviceMesh.clusters`), so that each is keyed as its queries group it.
 */
export async function byClusterNaming<T>(
  targets: readonly WorkloadTarget[],
  read: (batch: readonly WorkloadTarget[]) => Promise<Map<string, T>>,
): Promise<Map<string, T>> {
  const named = targets.filter(t => t.cluster !== undefined);
  if (named.length === 0 || named.length === targets.length) {
    return read(targets);
  }
  const unnamed = targets.filter(t => t.cluster === undefined);
  const [a, b] = await Promise.all([read(named), read(unnamed)]);
  return new Map([...a, ...b]);
}

/** One entry per target, keyed `namespace/workload`. */
export function perTarget<T>(
  targets: readonly WorkloadTarget[],
  value: (key: string) => T,
): Map<string, T> {
  return new Map(
    targets.map(t => [workloadKey(t), value(workloadKey(t))] as const),
  );
}

/** Samples keyed as their targets: `namespace/workload`, with the cluster when the scope groups by it. */
export function keyed(
  samples: PrometheusSample[],
  nsLabel: string,
  wlLabel: string,
  clusterLabel: string | undefined,
) {
  const map = new Map<string, number | null>();
  for (const s of samples) {
    const namespace = s.metric[nsLabel];
    const workload = s.metric[wlLabel];
    const cluster = clusterLabel ? s.metric[clusterLabel] : undefined;
    if (namespace && workload && (!clusterLabel || cluster))
      map.set(workloadKey({ namespace, workload, cluster }), s.value);
  }
  return map;
}

/** The default cluster labels: Istio's `destination_cluster`, the container metrics' `cluster`. */
export const DEFAULT_CLUSTER_LABELS: ClusterLabels = {
  istio: 'destination_cluster',
  container: 'cluster',
};
