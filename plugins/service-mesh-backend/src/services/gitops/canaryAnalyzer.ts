/*
 * Where the canary analysis gets its signals: Prometheus (Istio's standard metrics, `analyzeCanary`),
 * or the sandbox's simulation. Both decide with the same `canaryVerdict`.
 */
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  CanaryAnalysis,
  CanaryAnalysisThresholds,
} from '@meshport/plugin-service-mesh-common';
import type { ServiceMeshConfig } from '../../config';
import {
  analyzeCanary,
  canaryVerdict,
  PrometheusClient,
  type WorkloadTarget,
} from '../prometheus';

/** Runs the canary analysis of a service's two versions. */
export interface CanaryAnalyzer {
  analyze(
    target: WorkloadTarget,
    versions: { stable: string; canary: string; canaryWeight: number },
  ): Promise<CanaryAnalysis>;
}

/** The sandbox's requests over the window, split by weight; both versions healthy and alike. */
const SANDBOX_REQUESTS = 12_000;

/** Simulated signals for the sandbox (no Prometheus): a canary that passes. */
export function sandboxCanaryAnalyzer(
  thresholds: CanaryAnalysisThresholds,
): CanaryAnalyzer {
  return {
    async analyze(_target, { stable, canary, canaryWeight }) {
      const requests = (weight: number) =>
        Math.round((SANDBOX_REQUESTS * weight) / 100);
      const signals = {
        stable: {
          version: stable,
          requests: requests(100 - canaryWeight),
          errorRatio: 0.002,
          latencyP99Ms: 180,
        },
        canary: {
          version: canary,
          requests: requests(canaryWeight),
          errorRatio: 0.003,
          latencyP99Ms: 190,
        },
      };
      return {
        ...canaryVerdict(signals.stable, signals.canary, thresholds),
        ...signals,
        thresholds,
      };
    },
  };
}

/** The analyzer of the configured sources: the sandbox's, Prometheus', or one that says what is missing. */
export function createCanaryAnalyzer(
  config: ServiceMeshConfig,
): CanaryAnalyzer {
  if (config.sandbox) return sandboxCanaryAnalyzer(config.canaryAnalysis);
  const prometheus = config.prometheus;
  if (!prometheus) {
    return {
      analyze: async () => {
        throw new ServiceUnavailableError(
          'serviceMesh.prometheus is not configured: the canary analysis reads Istio metrics from it',
        );
      },
    };
  }
  const client = new PrometheusClient(prometheus);
  return {
    analyze: (target, { stable, canary }) =>
      analyzeCanary(client, { target, stable, canary }, config.canaryAnalysis, {
        istio: prometheus.clusterLabel,
        container: prometheus.containerClusterLabel,
      }),
  };
}
