/**
 * The labels Istio reads a workload's canonical service name from, in order (istio/istio
 * `pkg/kube/labels` `CanonicalService`): without any, the workload's name.
 */
export const CANONICAL_NAME_LABELS: readonly string[] = [
  'service.istio.io/canonical-name',
  'app.kubernetes.io/name',
  'app',
];

/**
 * A workload's canonical service (the app Kiali shows, `<app>.<namespace>` in traces, the
 * `*_canonical_service` metric label) from its pod labels, as Istio derives it: bookinfo's Deployment
 * `details-v1` with `app: details` is `details`.
 */
export function canonicalServiceName(
  labels: Record<string, string> | undefined,
  workloadName: string,
): string {
  for (const key of CANONICAL_NAME_LABELS) {
    const value = labels?.[key];
    if (value !== undefined) return value;
  }
  return workloadName;
}
