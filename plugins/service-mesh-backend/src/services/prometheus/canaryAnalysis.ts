/*
 * Canary analysis: the canary's and the stable's golden signals per version (Istio's
 * `destination_version`) over one window, compared against configured thresholds. The verdict and its
 * one-line summary are what a canary step records in its commit (`CanaryAnalysisDecision`, with the
 * other wire types in `@meshport/plugin-service-mesh-common`).
 */
import type {
  CanaryAnalysis,
  CanaryAnalysisThresholds,
  CanaryVersionSignals,
} from '@meshport/plugin-service-mesh-common';
import type { PrometheusClient } from './PrometheusClient';
import {
  checkKubernetesName,
  checkTarget,
  errorsQuery,
  latencyQuery,
  trafficQuery,
  VERSION_LABEL,
  window,
  type ClusterLabels,
  type VersionsScope,
  type WorkloadTarget,
} from './promql';
import { DEFAULT_CLUSTER_LABELS, nowSeconds, ratio } from './batch';

/** The thresholds of `serviceMesh.canary.analysis`, validated. */
export type CanaryAnalysisConfig = CanaryAnalysisThresholds;

/** The defaults of `serviceMesh.canary.analysis`. */
export const CANARY_ANALYSIS_DEFAULTS: CanaryAnalysisConfig = {
  windowSeconds: 600,
  minRequests: 100,
  maxErrorRatioIncrease: 0.01,
  maxLatencyP99Ratio: 1.5,
};

/** One version's signals over the window. */
export type VersionSignals = CanaryVersionSignals;

export type { CanaryAnalysis };

/** What to analyse: the service (`target.workload` is its `app` label) and its two versions. */
export interface CanaryAnalysisRequest {
  target: WorkloadTarget;
  stable: string;
  canary: string;
  /** Evaluation time in Unix seconds; default now. */
  nowSec?: number;
}

const percent = (share: number | null) =>
  share === null ? 'n/a' : `${Number((share * 100).toFixed(2))}%`;
const ms = (value: number | null) =>
  value === null ? 'n/a' : `${Number(value.toFixed(1))} ms`;
const describe = (name: string, s: VersionSignals) =>
  `${name} ${s.version}: ${s.requests} requests, ${percent(s.errorRatio)} 5xx, p99 ${ms(s.latencyP99Ms)}`;

/** The verdict on two versions' signals under `thresholds`. */
export function canaryVerdict(
  stable: VersionSignals,
  canary: VersionSignals,
  thresholds: CanaryAnalysisConfig,
): Pick<CanaryAnalysis, 'verdict' | 'summary'> {
  const span = window(thresholds.windowSeconds);
  const quiet = (
    [
      ['stable', stable],
      ['canary', canary],
    ] as const
  ).filter(([, s]) => s.requests < thresholds.minRequests);
  if (quiet.length) {
    const counts = quiet.map(([n, s]) => `${n} ${s.version} ${s.requests}`);
    return {
      verdict: 'no-traffic',
      summary: `too few requests over ${span}: ${counts.join(', ')} (minimum ${thresholds.minRequests})`,
    };
  }
  const reasons: string[] = [];
  if (
    canary.errorRatio! >
    stable.errorRatio! + thresholds.maxErrorRatioIncrease
  ) {
    reasons.push(
      `error ratio: canary ${percent(canary.errorRatio)} > stable ${percent(stable.errorRatio)} + ${percent(thresholds.maxErrorRatioIncrease)}`,
    );
  }
  if (
    canary.latencyP99Ms !== null &&
    stable.latencyP99Ms !== null &&
    canary.latencyP99Ms > stable.latencyP99Ms * thresholds.maxLatencyP99Ratio
  ) {
    reasons.push(
      `p99 latency: canary ${ms(canary.latencyP99Ms)} > ${thresholds.maxLatencyP99Ratio} × stable ${ms(stable.latencyP99Ms)}`,
    );
  }
  const signals = `${describe('canary', canary)}; ${describe('stable', stable)} over ${span}`;
  return reasons.length
    ? { verdict: 'fail', summary: `${reasons.join('; ')} (${signals})` }
    : { verdict: 'pass', summary: signals };
}

/**
 * Reads both versions' requests, 5xx share and p99 from Istio's standard metrics (three instant
 * queries, one series per version) and decides. Bad names throw an `InputError` naming the field.
 */
export async function analyzeCanary(
  client: PrometheusClient,
  request: CanaryAnalysisRequest,
  thresholds: CanaryAnalysisConfig,
  labels: ClusterLabels = DEFAULT_CLUSTER_LABELS,
): Promise<CanaryAnalysis> {
  const target = checkTarget(request.target);
  const versions = {
    stable: checkKubernetesName(request.stable, 'stable', 'label-value'),
    canary: checkKubernetesName(request.canary, 'canary', 'label-value'),
  };
  const scope: VersionsScope = target.cluster
    ? { kind: 'versions', target, clusterLabels: labels }
    : { kind: 'versions', target };
  const now = nowSeconds(request.nowSec);
  const w = thresholds.windowSeconds;
  const byVersion = (promql: string) =>
    client
      .query(promql, now)
      .then(
        samples =>
          new Map(samples.map(s => [s.metric[VERSION_LABEL], s.value])),
      );
  const [traffic, errors, p99] = await Promise.all([
    byVersion(trafficQuery(scope, w)),
    byVersion(errorsQuery(scope, w)),
    byVersion(latencyQuery(0.99, scope, w)),
  ]);
  const signalsOf = (version: string): VersionSignals => {
    const rps = traffic.get(version) ?? null;
    const requests = Math.round((rps ?? 0) * w);
    return {
      version,
      requests,
      // A version with traffic but no 5xx series has no errors, not unknown ones.
      errorRatio: requests ? ratio(errors.get(version) ?? null, rps) : null,
      latencyP99Ms: requests ? (p99.get(version) ?? null) : null,
    };
  };
  const stable = signalsOf(versions.stable);
  const canary = signalsOf(versions.canary);
  return {
    ...canaryVerdict(stable, canary, thresholds),
    stable,
    canary,
    thresholds,
  };
}
