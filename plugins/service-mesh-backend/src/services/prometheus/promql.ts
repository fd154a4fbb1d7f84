/*
 * PromQL composed from validated parts only. Label values that come from annotations or requests are
 * checked against Kubernetes name rules first (so a quote, brace, `=~` or newline never gets this far),
 * and are still escaped when they are written into a string literal or a regular expression.
 */
import { InputError } from '@backstage/errors';
import {
  isKubernetesName,
  KUBERNETES_NAME_RULES,
  showValue,
  type KubernetesNameRule,
} from '@meshport/plugin-service-mesh-common';
import { isClusterName } from '../mesh/clusters';

/**
 * Returns `value` when it is a valid Kubernetes name under `rule`; otherwise throws an `InputError`
 * naming `field` (e.g. the annotation the value came from).
 */
export function checkKubernetesName(
  value: unknown,
  field: string,
  rule: KubernetesNameRule,
): string {
  if (typeof value !== 'string' || !isKubernetesName(value, rule)) {
    throw new InputError(
      `Invalid ${field} ${showValue(value)}: expected ${KUBERNETES_NAME_RULES[rule].description}`,
    );
  }
  return value;
}

/** A PromQL string literal holding `value` exactly (backslash, quote and control characters escaped). */
export function quoteLabelValue(value: string): string {
  return JSON.stringify(value);
}

/** `value` as a regular expression that matches exactly it (RE2 metacharacters escaped). */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A regular expression matching exactly one of `values`. */
export function anyOfRegex(values: readonly string[]): string {
  return values.map(escapeRegex).join('|');
}

/** One label matcher of a selector. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `metric{label="value",...}` with every value quoted. */
export function selector(
  metric: string,
  matchers: readonly LabelMatcher[],
): string {
  if (!LABEL_NAME.test(metric))
    throw new Error(`Invalid metric name ${showValue(metric)}`);
  const parts = matchers.map(m => {
    if (!LABEL_NAME.test(m.label))
      throw new Error(`Invalid label name ${showValue(m.label)}`);
    return `${m.label}${m.op}${quoteLabelValue(m.value)}`;
  });
  return `${metric}{${parts.join(',')}}`;
}

/** One workload: namespace and workload name as Istio's `destination_workload*` labels carry them. */
export interface WorkloadTarget {
  namespace: string;
  workload: string;
  /** The cluster label's value (multi-cluster, `serviceMesh.clusters[].prometheus`); none: any cluster. */
  cluster?: string;
}

/** The labels naming a series' cluster: Istio's (`destination_cluster`) and the container metrics'. */
export interface ClusterLabels {
  istio: string;
  container: string;
}

/** Checks a target's names; errors name `<field>.namespace` / `<field>.workload` / `<field>.cluster`. */
export function checkTarget(
  target: WorkloadTarget,
  field = 'target',
): WorkloadTarget {
  if (target?.cluster !== undefined && !isClusterName(target.cluster)) {
    throw new InputError(
      `Invalid ${field}.cluster ${showValue(target.cluster)}: expected a cluster name (letters, digits, "-", "_", ".")`,
    );
  }
  return {
    ...(target.cluster !== undefined ? { cluster: target.cluster } : {}),
    namespace: checkKubernetesName(
      target?.namespace,
      `${field}.namespace`,
      'dns1123-label',
    ),
    workload: checkKubernetesName(
      target?.workload,
      `${field}.workload`,
      'dns1123-subdomain',
    ),
  };
}

/** The key of a target in result maps: `namespace/workload`, `cluster:namespace/workload` in a cluster. */
export function workloadKey(target: WorkloadTarget): string {
  const key = `${target.namespace}/${target.workload}`;
  return target.cluster === undefined ? key : `${target.cluster}:${key}`;
}

/**
 * What a query is about: one workload (aggregated to a single series), or every workload in some
 * namespaces or in all of them (one series per workload, labelled with namespace and workload). With
 * `clusterLabels` (multi-cluster), the workload's `cluster` or the namespaces' `clusters` are matched,
 * and batched series are also grouped by cluster.
 */
export type QueryScope = (
  | { kind: 'workload'; target: WorkloadTarget }
  | {
      kind: 'namespaces';
      namespaces: readonly string[];
      clusters?: readonly string[];
    }
  | { kind: 'all' }
) & { clusterLabels?: ClusterLabels };

/** Istio's label naming the version of the workload that answered (the pods' `version` label). */
export const VERSION_LABEL = 'destination_version';

/**
 * The versions of one service, for a canary analysis: every workload of the namespace whose Istio
 * canonical service (the pods' `app` label) is `target.workload`, one series per `destination_version`.
 * Only the Istio query builders take it.
 */
export type VersionsScope = {
  kind: 'versions';
  target: WorkloadTarget;
  clusterLabels?: ClusterLabels;
};

/** What an Istio query is about. */
export type IstioScope = QueryScope | VersionsScope;

/** The cluster matcher of a scope on `label`, if it names clusters (for the query builders). */
export function clusterMatchers(
  scope: IstioScope,
  label: string,
): LabelMatcher[] {
  if (!scope.clusterLabels) return [];
  if (
    (scope.kind === 'workload' || scope.kind === 'versions') &&
    scope.target.cluster !== undefined
  ) {
    return [{ label, op: '=', value: scope.target.cluster }];
  }
  if (scope.kind === 'namespaces' && scope.clusters?.length) {
    return [{ label, op: '=~', value: anyOfRegex(scope.clusters) }];
  }
  return [];
}

/** The grouping of a batched query: the workload labels, and the cluster label in multi-cluster scopes (for the query builders). */
export function groupOf(
  group: readonly string[],
  scope: QueryScope,
  clusterLabel: keyof ClusterLabels,
): readonly string[] {
  return scope.clusterLabels
    ? [...group, scope.clusterLabels[clusterLabel]]
    : group;
}

/** Istio's workload labels, the grouping of batched Istio queries. */
export const ISTIO_GROUP = [
  'destination_workload_namespace',
  'destination_workload',
] as const;

function istioSelector(
  metric: string,
  scope: IstioScope,
  extra: LabelMatcher[],
): string {
  const matchers: LabelMatcher[] = [
    { label: 'reporter', op: '=', value: 'destination' },
  ];
  if (scope.kind === 'workload') {
    matchers.push(
      {
        label: 'destination_workload_namespace',
        op: '=',
        value: scope.target.namespace,
      },
      { label: 'destination_workload', op: '=', value: scope.target.workload },
    );
  } else if (scope.kind === 'versions') {
    matchers.push(
      {
        label: 'destination_workload_namespace',
        op: '=',
        value: scope.target.namespace,
      },
      {
        label: 'destination_canonical_service',
        op: '=',
        value: scope.target.workload,
      },
    );
  } else if (scope.kind === 'namespaces') {
    matchers.push({
      label: 'destination_workload_namespace',
      op: '=~',
      value: anyOfRegex(scope.namespaces),
    });
  }
  if (scope.clusterLabels) {
    matchers.push(...clusterMatchers(scope, scope.clusterLabels.istio));
  }
  return selector(metric, [...matchers, ...extra]);
}

function byClause(
  group: readonly string[],
  scope: IstioScope,
  extra: string[] = [],
): string {
  let grouping: readonly string[] = [];
  if (scope.kind === 'versions') grouping = [VERSION_LABEL];
  else if (scope.kind !== 'workload') grouping = groupOf(group, scope, 'istio');
  const labels = [...grouping, ...extra];
  return labels.length ? ` by (${labels.join(', ')})` : '';
}

/** A rate window in PromQL's duration syntax (`5m`, `90s`); refuses anything but whole seconds > 0. */
export function window(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new Error(`Invalid rate window ${seconds}`);
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** Inbound requests per second (Istio dashboard "Incoming Request Volume"). */
export function trafficQuery(scope: IstioScope, windowSec: number): string {
  return `sum${byClause(ISTIO_GROUP, scope)} (rate(${istioSelector('istio_requests_total', scope, [])}[${window(windowSec)}]))`;
}

/** Inbound 5xx answers per second; divided by traffic it is the error ratio. */
export function errorsQuery(scope: IstioScope, windowSec: number): string {
  return `sum${byClause(ISTIO_GROUP, scope)} (rate(${istioSelector(
    'istio_requests_total',
    scope,
    [{ label: 'response_code', op: '=~', value: '5..' }],
  )}[${window(windowSec)}]))`;
}

/** Inbound requests per second over mutual TLS; divided by traffic it is the observed mTLS share. */
export function mutualTlsQuery(scope: QueryScope, windowSec: number): string {
  return `sum${byClause(ISTIO_GROUP, scope)} (rate(${istioSelector(
    'istio_requests_total',
    scope,
    [{ label: 'connection_security_policy', op: '=', value: 'mutual_tls' }],
  )}[${window(windowSec)}]))`;
}

/** Latency quantile in milliseconds (Istio dashboard "Incoming Request Duration"). */
export function latencyQuery(
  quantile: number,
  scope: IstioScope,
  windowSec: number,
): string {
  if (!(quantile > 0 && quantile < 1))
    throw new Error(`Invalid quantile ${quantile}`);
  return `histogram_quantile(${quantile}, sum${byClause(ISTIO_GROUP, scope, ['le'])} (rate(${istioSelector(
    'istio_request_duration_milliseconds_bucket',
    scope,
    [],
  )}[${window(windowSec)}])))`;
}
