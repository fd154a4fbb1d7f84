import type { SignalRange } from '@meshport/plugin-service-mesh-common';

/** Span and resolution of each chart range. */
export const SIGNAL_RANGES: Record<
  SignalRange,
  { rangeSec: number; stepSec: number }
> = {
  '1h': { rangeSec: 3600, stepSec: 60 },
  '6h': { rangeSec: 6 * 3600, stepSec: 300 },
  '24h': { rangeSec: 24 * 3600, stepSec: 1200 },
  '7d': { rangeSec: 7 * 24 * 3600, stepSec: 7200 },
};

/**
 * Rate window: 5 minutes for current values and short ranges. Five minutes holds at least four samples
 * at scrape intervals up to 60 s (Prometheus needs two, and one missed scrape must not blank a chart),
 * equals Prometheus' default lookback so gauges and rates describe the same moment, and is the window
 * the mTLS "last 5 minutes" share is defined on. For steps longer than that, the window grows to the
 * step so every request falls into exactly one point instead of most of them being skipped.
 */
export function rateWindowSec(stepSec?: number): number {
  return Math.max(300, stepSec ?? 0);
}
