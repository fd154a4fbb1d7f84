/*
 * Synthetic canaries: services whose versions (Istio's `destination_version`, one Deployment each,
 * named `<service>-<version>`) answer at constant rates, so a canary analysis' answer is known
 * analytically: with linear counters `rate(x[W])` at a sample time is exactly the version's rate for any
 * window inside the sampled range, and with every request in one latency bucket (lo, hi] the p99 is
 * `lo + 0.99 × (hi − lo)` (histogram_quantile's interpolation inside the bucket).
 */
import {
  LATENCY_BUCKETS_MS,
  type SeriesSpec,
  type SyntheticMesh,
} from './syntheticMesh';

/** One version of a synthetic canary. */
export interface SyntheticVersion {
  version: string;
  /** Requests per second. */
  rps: number;
  /** Share answered 503 (the rest 200). */
  errorShare: number;
  /** Upper bound of the one latency bucket every request falls in (one of `LATENCY_BUCKETS_MS`). */
  latencyLe: number;
}

/** A service with several versions in one namespace. */
export interface SyntheticCanary {
  namespace: string;
  /** Istio's canonical service (the pods' `app` label). */
  service: string;
  versions: SyntheticVersion[];
}

/** The series of `canaries` over the mesh's range (for `startPrometheus`'s `extraSeries`). */
export function canarySeries(
  mesh: SyntheticMesh,
  canaries: readonly SyntheticCanary[],
): SeriesSpec[] {
  const I = mesh.intervalSec;
  return canaries.flatMap(({ namespace, service, versions }) =>
    versions.flatMap(v => {
      if (!LATENCY_BUCKETS_MS.includes(v.latencyLe)) {
        throw new Error(`latencyLe ${v.latencyLe} is not a bucket bound`);
      }
      const dest = `destination_canonical_service="${service}",destination_version="${v.version}",destination_workload="${service}-${v.version}",destination_workload_namespace="${namespace}"`;
      const requests = (code: string, reporter: string, share: number) => ({
        labels: `istio_requests_total{connection_security_policy="mutual_tls",${dest},reporter="${reporter}",response_code="${code}"}`,
        kind: 'counter' as const,
        at: () => v.rps * share * I,
      });
      const buckets = [...LATENCY_BUCKETS_MS.map(String), '+Inf'].map(le => ({
        labels: `istio_request_duration_milliseconds_bucket{${dest},le="${le}",reporter="destination"}`,
        kind: 'counter' as const,
        at: () => (Number(le) >= v.latencyLe || le === '+Inf' ? v.rps * I : 0),
      }));
      return [
        requests('200', 'destination', 1 - v.errorShare),
        requests('503', 'destination', v.errorShare),
        // The client side's view, all failed: must never be counted.
        requests('503', 'source', 1),
        ...buckets,
      ];
    }),
  );
}
