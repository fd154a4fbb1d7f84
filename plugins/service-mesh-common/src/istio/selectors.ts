/**
 * True when `selector` has at least one label and every one of them is on `labels`. A selector without
 * labels selects nothing here: a Service without a selector selects no pods, and Istio reads a
 * PeerAuthentication whose `matchLabels` is empty as namespace-wide, not as a workload policy.
 */
export function selectsLabels(
  selector: unknown,
  labels: Record<string, string>,
): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const entries = Object.entries(selector as Record<string, unknown>);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** True when a selector (e.g. `spec.selector.matchLabels`) names at least one label. */
export function hasSelectorLabels(selector: unknown): boolean {
  return (
    !!selector &&
    typeof selector === 'object' &&
    Object.keys(selector as object).length > 0
  );
}
