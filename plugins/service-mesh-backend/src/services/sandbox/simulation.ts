import type {
  GoldenSignalValues,
  ObservedMtls,
} from '@meshport/plugin-service-mesh-common';
import { inboundMutualTlsShare } from './calls';
import type { SandboxDeployment } from './world';

const TAU = 2 * Math.PI;
const round = (value: number, digits = 4) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** How long the simulated 5xx burst has been going on at any moment. */
export const BURST_SECONDS = 25 * 60;
/** Share of traffic sent to the canary. */
export const CANARY_WEIGHT = 10;

function scale(d: SandboxDeployment): number {
  if (d.environment === 'dev') return 0.1;
  if (d.environment === 'staging') return 0.3;
  return 1;
}

/**
 * Simulated golden signals of a deployment at time `t` (Unix seconds): a daily wave plus a
 * ten-minute ripple, different per entity (seeded) and the same for the same entity and time. A burst is
 * anchored to `nowSec`, so it is always visible at the end of the charts.
 */
export function signalsAt(
  d: SandboxDeployment,
  t: number,
  nowSec: number,
): GoldenSignalValues {
  const phase = (d.seed % 360) * (TAU / 360);
  const base = (5 + (d.seed % 50)) * scale(d);
  const rps =
    base * (1 + 0.3 * Math.sin((TAU * t) / 86400 + phase)) +
    0.05 * base * Math.sin((TAU * t) / 600 + phase);
  const bursting =
    d.profile.errorBurstIn === d.environment && t > nowSec - BURST_SECONDS;
  const errorRatio = bursting
    ? 0.12 + 0.03 * Math.sin((TAU * t) / 240)
    : 0.002 + 0.001 * Math.sin((TAU * t) / 900 + phase);
  const p50 = 20 + (d.seed % 30) + 5 * Math.sin((TAU * t) / 1800 + phase);
  return {
    requestsPerSecond: round(rps),
    errorRatio: round(errorRatio, 5),
    latencyP50Ms: round(p50, 2),
    latencyP95Ms: round(p50 * 2.6, 2),
    latencyP99Ms: round(p50 * (bursting ? 12 : 4.2), 2),
    cpuSaturation: round(0.35 + 0.15 * Math.sin((TAU * t) / 3600 + phase)),
    memorySaturation: round(0.55 + 0.05 * Math.sin((TAU * t) / 7200 + phase)),
  };
}

/** Simulated observed mTLS of a deployment at time `t`: the mutual-TLS share its callers send. */
export function observedAt(
  d: SandboxDeployment,
  t: number,
  nowSec: number,
): ObservedMtls {
  const { requestsPerSecond } = signalsAt(d, t, nowSec);
  return {
    mutualTlsShare: inboundMutualTlsShare(d),
    requestsPerSecond: requestsPerSecond ?? 0,
  };
}
