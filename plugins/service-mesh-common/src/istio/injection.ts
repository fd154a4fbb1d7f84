/** Namespace label that turns the default sidecar injector on (`enabled`) or off (any other value). */
export const ISTIO_INJECTION_LABEL = 'istio-injection';
/** Namespace label that selects a revision's injector (used when `istio-injection` is absent). */
export const ISTIO_REVISION_LABEL = 'istio.io/rev';
/** Pod label (and, deprecated, annotation) by which a pod asks for or refuses a sidecar. */
export const SIDECAR_INJECT_KEY = 'sidecar.istio.io/inject';

/** What one label or annotation says about sidecar injection. */
export interface InjectionSetting {
  /** Whether it turns injection on or off. */
  enabled: boolean;
  /** The label or annotation key it was read from. */
  key: string;
  /** Its value, as written. */
  value: string;
}

// Istio's injector reads the pod's setting as a YAML boolean.
const YAML_TRUE = ['y', 'yes', 'true', 'on'];

/**
 * What a namespace's labels say about injection: `istio-injection` when present (only `enabled` turns
 * it on: the injectors' namespace selectors match nothing else), else a non-empty `istio.io/rev`, else
 * `undefined` (no opinion).
 */
export function namespaceInjection(
  labels: Record<string, string> = {},
): InjectionSetting | undefined {
  const injection = labels[ISTIO_INJECTION_LABEL];
  if (injection !== undefined) {
    return {
      enabled: injection === 'enabled',
      key: ISTIO_INJECTION_LABEL,
      value: String(injection),
    };
  }
  const revision = labels[ISTIO_REVISION_LABEL];
  return revision
    ? { enabled: true, key: ISTIO_REVISION_LABEL, value: String(revision) }
    : undefined;
}

/**
 * What a pod template says about injection: the `sidecar.istio.io/inject` label, else the annotation
 * of the same name; `y`/`yes`/`true`/`on` turn it on, any other non-empty value off.
 */
export function podInjection(
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): InjectionSetting | undefined {
  const raw = labels[SIDECAR_INJECT_KEY] ?? annotations[SIDECAR_INJECT_KEY];
  if (raw === undefined || raw === null || String(raw) === '') return undefined;
  const value = String(raw);
  return {
    enabled: YAML_TRUE.includes(value.toLowerCase()),
    key: SIDECAR_INJECT_KEY,
    value,
  };
}

/**
 * Whether a pod gets a sidecar, with Istio's precedence: off if either the namespace or the pod turns
 * injection off, else on if either turns it on, else `undefined` (neither says; Istio then does not
 * inject unless `enableNamespacesByDefault` is set).
 */
export function sidecarInjected(
  namespace: InjectionSetting | undefined,
  pod: InjectionSetting | undefined,
): boolean | undefined {
  if (namespace?.enabled === false || pod?.enabled === false) return false;
  if (namespace?.enabled || pod?.enabled) return true;
  return undefined;
}
