import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type { StatusLevel } from './StatusChip';

/** SLO thresholds the current values are judged against. */
export interface SloThresholds {
  /** Error ratio (0..1) above which a service burns its error budget. */
  errorRatio: number;
  /** p99 latency in milliseconds. */
  latencyP99Ms: number;
  /** CPU or memory saturation (0..1). */
  saturation: number;
}

/** Defaults when `serviceMesh.slo` is not configured: 1 % errors, 500 ms p99, 80 % saturation. */
export const defaultSloThresholds: SloThresholds = {
  errorRatio: 0.01,
  latencyP99Ms: 500,
  saturation: 0.8,
};

/** The SLO thresholds from `serviceMesh.slo` in the frontend config, else the defaults. */
export function useSloThresholds(): SloThresholds {
  const config = useApi(configApiRef);
  const slo = config.getOptionalConfig('serviceMesh.slo');
  return {
    errorRatio:
      slo?.getOptionalNumber('errorRatio') ?? defaultSloThresholds.errorRatio,
    latencyP99Ms:
      slo?.getOptionalNumber('latencyP99Ms') ??
      defaultSloThresholds.latencyP99Ms,
    saturation:
      slo?.getOptionalNumber('saturation') ?? defaultSloThresholds.saturation,
  };
}

/**
 * Level of a value against its threshold: above it is an error, above 80 % of it a warning,
 * no data is unknown.
 */
export function thresholdLevel(
  value: number | null | undefined,
  threshold: number,
): StatusLevel {
  if (value === null || value === undefined) return 'unknown';
  if (value > threshold) return 'error';
  if (value > threshold * 0.8) return 'warning';
  return 'ok';
}

/** Words for a threshold level, so that the state reads without the colour. */
export function thresholdLabel(level: StatusLevel): string {
  return {
    ok: 'Within SLO',
    warning: 'Near SLO',
    error: 'Above SLO',
    progress: 'Pending',
    unknown: 'No data',
  }[level];
}
