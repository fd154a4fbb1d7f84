/*
 * Saturation PromQL over the container metrics (cAdvisor, kube-state-metrics), from the checked parts
 * of `promql.ts`.
 */
import { DEPLOYMENT_POD_SUFFIX_PATTERN } from '@meshport/plugin-service-mesh-common';
import {
  anyOfRegex,
  clusterMatchers,
  escapeRegex,
  groupOf,
  quoteLabelValue,
  selector,
  window,
  type LabelMatcher,
  type QueryScope,
} from './promql';

/** The grouping of batched container queries (`workload` is derived from the pod name). */
export const CONTAINER_GROUP = ['namespace', 'workload'] as const;

function containerSelector(
  metric: string,
  scope: QueryScope,
  extra: LabelMatcher[],
): string {
  const matchers: LabelMatcher[] = [
    { label: 'container', op: '!=', value: '' },
    { label: 'container', op: '!=', value: 'POD' },
    { label: 'container', op: '!=', value: 'istio-proxy' },
    ...extra,
  ];
  if (scope.kind === 'workload') {
    matchers.push(
      { label: 'namespace', op: '=', value: scope.target.namespace },
      {
        label: 'pod',
        op: '=~',
        value: `${escapeRegex(scope.target.workload)}${DEPLOYMENT_POD_SUFFIX_PATTERN}`,
      },
    );
  } else if (scope.kind === 'namespaces') {
    matchers.push({
      label: 'namespace',
      op: '=~',
      value: anyOfRegex(scope.namespaces),
    });
  }
  if (scope.clusterLabels) {
    matchers.push(...clusterMatchers(scope, scope.clusterLabels.container));
  }
  return selector(metric, matchers);
}

function withWorkload(expr: string): string {
  return `label_replace(${expr}, "workload", "$1", "pod", ${quoteLabelValue(`(.+)${DEPLOYMENT_POD_SUFFIX_PATTERN}`)})`;
}

/**
 * Used over limits of the application containers: the sidecar (`istio-proxy`), the pause container and
 * cAdvisor's pod-level cgroup are excluded, and so is any container without a limit for the resource
 * (`and on (namespace, pod, container)`), whose use has nothing to be measured against.
 */
function saturationQuery(
  usageExpr: (selector: string) => string,
  usageMetric: string,
  resource: string,
  scope: QueryScope,
): string {
  const group =
    scope.kind === 'workload'
      ? CONTAINER_GROUP
      : groupOf(CONTAINER_GROUP, scope, 'container');
  const by = ` by (${group.join(', ')})`;
  const on = ['namespace', 'pod', 'container'];
  if (scope.clusterLabels) on.push(scope.clusterLabels.container);
  const limits = containerSelector(
    'kube_pod_container_resource_limits',
    scope,
    [{ label: 'resource', op: '=', value: resource }],
  );
  const usage = `${usageExpr(containerSelector(usageMetric, scope, []))} and on (${on.join(', ')}) ${limits}`;
  return `sum${by} (${withWorkload(usage)}) / sum${by} (${withWorkload(limits)})`;
}

/** CPU used by the application containers (not the sidecar) divided by their CPU limits. */
export function cpuSaturationQuery(
  scope: QueryScope,
  windowSec: number,
): string {
  return saturationQuery(
    sel => `rate(${sel}[${window(windowSec)}])`,
    'container_cpu_usage_seconds_total',
    'cpu',
    scope,
  );
}

/** Memory working set of the application containers (not the sidecar) divided by their memory limits. */
export function memorySaturationQuery(scope: QueryScope): string {
  return saturationQuery(
    sel => sel,
    'container_memory_working_set_bytes',
    'memory',
    scope,
  );
}
