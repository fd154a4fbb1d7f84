/*
 * Kubernetes name rules, once. Every check of a namespace, object name, label key or label value in
 * Meshport (annotations, route parameters, config, template inputs, PromQL label values, the analyzer)
 * uses this module; no other file holds a regular expression for a Kubernetes name.
 */

/** The name formats Kubernetes uses (k8s.io/apimachinery `validation`). */
export type KubernetesNameRule =
  /** Namespaces, most label-like names: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63. */
  | 'dns1123-label'
  /** Most object names (Deployments, Argo CD Applications, ...): dot-separated labels, at most 253. */
  | 'dns1123-subdomain'
  /** Service names: a DNS-1123 label that starts with a letter, at most 63. */
  | 'dns1035-label'
  /** A label key: optional DNS-1123 subdomain prefix and `/`, then a name of at most 63. */
  | 'label-key'
  /** A label value: empty, or at most 63 alphanumerics, `-`, `_`, `.` starting and ending alphanumeric. */
  | 'label-value';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function isLabelKey(value: string): boolean {
  const slash = value.indexOf('/');
  const name = slash === -1 ? value : value.slice(slash + 1);
  const prefix = slash === -1 ? undefined : value.slice(0, slash);
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return false;
  }
  return (
    prefix === undefined ||
    (prefix.length > 0 && prefix.length <= 253 && SUBDOMAIN.test(prefix))
  );
}

/** Each rule: its test, its longest value and the sentence an error message uses to describe it. */
export const KUBERNETES_NAME_RULES: Record<
  KubernetesNameRule,
  { test: (value: string) => boolean; maxLength: number; description: string }
> = {
  'dns1123-label': {
    test: v => v.length <= 63 && LABEL.test(v),
    maxLength: 63,
    description:
      "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
  },
  'dns1123-subdomain': {
    test: v => v.length <= 253 && SUBDOMAIN.test(v),
    maxLength: 253,
    description:
      "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit, at most 253 characters",
  },
  'dns1035-label': {
    test: v => v.length <= 63 && LABEL_1035.test(v),
    maxLength: 63,
    description:
      "a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters",
  },
  'label-key': {
    test: isLabelKey,
    // A 253-character prefix, '/', and a 63-character name.
    maxLength: 317,
    description:
      "a label key: an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
  },
  'label-value': {
    test: v => v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v)),
    maxLength: 63,
    description:
      "a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
  },
};

/**
 * True when `value` is a string of the form `rule` describes. Deliberately not a type guard: on a
 * `string` argument, a guard would narrow the refused value to `never`.
 */
export function isKubernetesName(
  value: unknown,
  rule: KubernetesNameRule,
): boolean {
  return typeof value === 'string' && KUBERNETES_NAME_RULES[rule].test(value);
}

/** A hostile value made safe to show in an error message: JSON-escaped and cut short. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/**
 * Why `value` is not a valid name under `rule` (`expected a DNS-1123 label: ...`), or `undefined` when
 * it is. Callers put the field's name in front and throw the error type of their layer.
 */
export function kubernetesNameProblem(
  value: unknown,
  rule: KubernetesNameRule,
): string | undefined {
  return isKubernetesName(value, rule)
    ? undefined
    : `${showValue(value)} is not ${KUBERNETES_NAME_RULES[rule].description}`;
}

/**
 * The suffix Kubernetes appends to a Deployment's pod names (`<pod-template-hash>-<5 random>`: the hash
 * has at most 10 characters), as an RE2 pattern that maps a pod to its workload without kube_pod_owner.
 */
export const DEPLOYMENT_POD_SUFFIX_PATTERN = '-[a-z0-9]{1,10}-[a-z0-9]{5}';
