/*
 * A synthetic Istio mesh whose metrics follow a known formula, so that every PromQL answer over them is
 * known in advance. `writeOpenMetrics` writes the samples for `promtool tsdb create-blocks-from
 * openmetrics`; `expectedSignals` derives what Prometheus must answer from the same formula, without
 * reading the samples back.
 *
 * The formula: time is cut into sample intervals of `intervalSec`. During interval j every quantity is
 * constant (request rate, response-code shares, mTLS share, latency distribution, CPU use), so a counter
 * at sample j is the sum of the increments of the intervals before it, and `rate(x[W])` evaluated at a
 * sample time t is exactly (x(t) - x(t - W)) / W (Prometheus 2.x includes both window ends, so there is
 * no extrapolation when t and W are multiples of the interval).
 */
import { createWriteStream } from 'node:fs';
import type { GoldenSignalValues } from '@meshport/plugin-service-mesh-common';

/** What a synthetic workload's traffic looks like. */
export type SyntheticWorkloadKind =
  /** Only 2xx and 4xx answers, all over mutual TLS. */
  | 'steady'
  /** 1% 5xx until the last ten minutes, then a 25% 5xx burst with slower answers. */
  | 'burst'
  /**
   * 60% of requests over mutual TLS, 40% in plain text; its pods also run a `log-shipper` container
   * without resource limits, which saturation must leave out.
   */
  | 'partial-mtls'
  /** Traffic in the first ten minutes only, then none: counters exist but stay flat. */
  | 'idle'
  /** No Istio metrics at all (no sidecar), only container metrics. */
  | 'silent';

/** The kinds in the order they are given to workloads (workload i gets kind i mod 5). */
export const SYNTHETIC_WORKLOAD_KINDS: readonly SyntheticWorkloadKind[] = [
  'steady',
  'burst',
  'partial-mtls',
  'idle',
  'silent',
];

/** One workload of the synthetic mesh and the constants its formula uses. */
export interface SyntheticWorkload {
  index: number;
  kind: SyntheticWorkloadKind;
  namespace: string;
  workload: string;
  /** Pod names in the Deployment shape `<workload>-<template hash>-<suffix>`. */
  pods: string[];
  baseRps: number;
  baseLatencyMs: number;
  cpuLimitCores: number;
  memoryLimitBytes: number;
}

/** The synthetic mesh: its workloads and the sampled time range (inclusive, Unix seconds). */
export interface SyntheticMesh {
  workloads: SyntheticWorkload[];
  startSec: number;
  endSec: number;
  intervalSec: number;
  /** Only Istio's metrics are written: no container CPU, memory or limits (no saturation). */
  istioOnly?: boolean;
}

/** Options of {@link syntheticMesh}. */
export interface SyntheticMeshOptions {
  /** Number of workloads. */
  workloads: number;
  /** Length of the sampled range in minutes. */
  minutes: number;
  /** Sample interval (the scrape interval being imitated); divides 60. Default 15. */
  intervalSec?: number;
  /** Last sample time; rounded down to a whole minute. Default: now. */
  endSec?: number;
  /** Number of namespaces the workloads are spread over. Default: one per ten workloads. */
  namespaces?: number;
  /**
   * Write only Istio's metrics (the mesh overview reads nothing else): the benchmark's 5,000 workloads
   * in less than half the samples.
   */
  istioOnly?: boolean;
}

/** Istio's default duration buckets (milliseconds) up to 10 s; `+Inf` follows. */
export const LATENCY_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

const SEGMENT_SEC = 600;
const PROXY_CPU_LIMIT = 2;
const PROXY_MEMORY_LIMIT = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
const LOG_SHIPPER_CPU = 0.3;
const LOG_SHIPPER_MEMORY = 100 * MIB;
const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function hashName(seed: number, length: number): string {
  let x = (seed * 2654435761 + 12345) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += HASH_ALPHABET[(x >>> 16) % HASH_ALPHABET.length];
  }
  return out;
}

/** Builds the synthetic mesh: which workloads exist, where, and their constants. */
export function syntheticMesh(options: SyntheticMeshOptions): SyntheticMesh {
  const intervalSec = options.intervalSec ?? 15;
  if (!Number.isInteger(intervalSec) || 60 % intervalSec !== 0) {
    throw new Error(`intervalSec must divide 60, got ${intervalSec}`);
  }
  if (!Number.isInteger(options.minutes) || options.minutes < 6) {
    throw new Error(
      `minutes must be a whole number ≥ 6, got ${options.minutes}`,
    );
  }
  const endSec = Math.floor((options.endSec ?? Date.now() / 1000) / 60) * 60;
  const namespaceCount =
    options.namespaces ?? Math.max(1, Math.ceil(options.workloads / 10));
  const workloads: SyntheticWorkload[] = [];
  for (let index = 0; index < options.workloads; index++) {
    const kind =
      SYNTHETIC_WORKLOAD_KINDS[index % SYNTHETIC_WORKLOAD_KINDS.length];
    const workload = `${kind}-${index}`;
    const templateHash = hashName(index, 9);
    workloads.push({
      index,
      kind,
      namespace: `mesh-${index % namespaceCount}`,
      workload,
      pods: [0, 1].map(
        p => `${workload}-${templateHash}-${hashName(index * 7 + p + 1, 5)}`,
      ),
      baseRps: 5 + (index % 7) * 3,
      baseLatencyMs: 5 + (index % 6) * 15,
      cpuLimitCores: 0.5 + 0.25 * (index % 4),
      memoryLimitBytes: 256 * MIB * (1 + (index % 3)),
    });
  }
  return {
    workloads,
    startSec: endSec - options.minutes * 60,
    endSec,
    intervalSec,
    ...(options.istioOnly ? { istioOnly: true } : {}),
  };
}

/** Constant quantities of one workload during one sample interval. */
interface IntervalState {
  rps: number;
  /** Share of requests per response code. */
  codes: Array<[string, number]>;
  mtlsShare: number;
  /** Cumulative share of requests at or below each bucket of LATENCY_BUCKETS_MS. */
  latencyCdf: number[];
  /** Application container CPU cores per pod. */
  appCpu: number[];
  proxyCpu: number[];
}

function segmentOf(mesh: SyntheticMesh, t: number): number {
  return Math.floor((t - mesh.startSec) / SEGMENT_SEC);
}

function inBurst(mesh: SyntheticMesh, t: number): boolean {
  return t >= mesh.endSec - SEGMENT_SEC;
}

const STEADY_CODES: Array<[string, number]> = [
  ['200', 0.98],
  ['404', 0.02],
];
const CALM_CODES: Array<[string, number]> = [
  ['200', 0.97],
  ['404', 0.02],
  ['500', 0],
  ['503', 0.01],
];
const BURST_CODES: Array<[string, number]> = [
  ['200', 0.7],
  ['404', 0.05],
  ['500', 0.05],
  ['503', 0.2],
];

/** The state of workload `w` during the interval that starts at `t`. */
function intervalState(
  mesh: SyntheticMesh,
  w: SyntheticWorkload,
  t: number,
): IntervalState {
  const segment = segmentOf(mesh, t);
  const burst = w.kind === 'burst' && inBurst(mesh, t);
  let rps = w.baseRps * (1 + 0.2 * (((segment + w.index) % 3) - 1));
  if (w.kind === 'idle' && t >= mesh.startSec + SEGMENT_SEC) rps = 0;
  if (w.kind === 'silent') rps = 0;
  let latency = w.baseLatencyMs * (segment % 2 === 0 ? 1 : 1.5);
  if (burst) latency *= 3;
  // Latency uniform on [0.5 L, 4 L]: the CDF at each bucket bound.
  const low = 0.5 * latency;
  const high = 4 * latency;
  const latencyCdf = LATENCY_BUCKETS_MS.map(le =>
    Math.min(1, Math.max(0, (le - low) / (high - low))),
  );
  let codes = STEADY_CODES;
  if (w.kind === 'burst') codes = burst ? BURST_CODES : CALM_CODES;
  const busy = 0.2 + 0.06 * (w.index % 10) + (segment % 2 === 0 ? 0 : 0.1);
  return {
    rps,
    codes,
    mtlsShare: w.kind === 'partial-mtls' ? 0.6 : 1,
    latencyCdf,
    appCpu: w.pods.map((_, p) => w.cpuLimitCores * (busy + 0.05 * p)),
    proxyCpu: w.pods.map((_, p) => 0.08 + 0.01 * p),
  };
}

function appMemoryBytes(
  mesh: SyntheticMesh,
  w: SyntheticWorkload,
  t: number,
  pod: number,
): number {
  const segment = segmentOf(mesh, t);
  const share =
    0.3 + 0.05 * (w.index % 8) + 0.02 * pod + (segment % 2 === 0 ? 0 : 0.05);
  return Math.round(w.memoryLimitBytes * share);
}

function proxyMemoryBytes(pod: number): number {
  return 60 * MIB + pod * MIB;
}

/** One series: its labels and how much it grows (counter) or reads (gauge) per interval. */
export interface SeriesSpec {
  labels: string;
  kind: 'counter' | 'gauge';
  /** Counter: increment during the interval starting at t. Gauge: value at sample time t. */
  at(t: number): number;
}

function label(name: string, value: string): string {
  return `${name}="${value}"`;
}

function seriesOf(mesh: SyntheticMesh, w: SyntheticWorkload): SeriesSpec[] {
  const specs: SeriesSpec[] = [];
  const I = mesh.intervalSec;
  const states = new Map<number, IntervalState>();
  const state = (t: number) => {
    let s = states.get(t);
    if (!s) {
      s = intervalState(mesh, w, t);
      states.set(t, s);
    }
    return s;
  };
  const dest = [
    label('destination_canonical_service', w.workload),
    label('destination_workload', w.workload),
    label('destination_workload_namespace', w.namespace),
  ].join(',');
  if (w.kind !== 'silent') {
    const policies: Array<[string, (s: IntervalState) => number]> = [
      ['mutual_tls', s => s.mtlsShare],
    ];
    if (w.kind === 'partial-mtls')
      policies.push(['none', s => 1 - s.mtlsShare]);
    const codes = (w.kind === 'burst' ? CALM_CODES : STEADY_CODES).map(
      c => c[0],
    );
    for (const [policy, policyShare] of policies) {
      for (const code of codes) {
        specs.push({
          labels: `istio_requests_total{${label('connection_security_policy', policy)},${dest},${label('reporter', 'destination')},${label('response_code', code)}}`,
          kind: 'counter',
          at: t => {
            const s = state(t);
            const share = s.codes.find(c => c[0] === code)?.[1] ?? 0;
            return s.rps * share * policyShare(s) * I;
          },
        });
      }
    }
    if (w.kind === 'steady') {
      // The client side's view of the same requests: must never be counted.
      specs.push({
        labels: `istio_requests_total{${label('connection_security_policy', 'unknown')},${dest},${label('reporter', 'source')},${label('response_code', '200')}}`,
        kind: 'counter',
        at: t => state(t).rps * I,
      });
    }
    LATENCY_BUCKETS_MS.forEach((le, b) => {
      specs.push({
        labels: `istio_request_duration_milliseconds_bucket{${dest},${label('le', String(le))},${label('reporter', 'destination')}}`,
        kind: 'counter',
        at: t => {
          const s = state(t);
          return s.rps * s.latencyCdf[b] * I;
        },
      });
    });
    specs.push({
      labels: `istio_request_duration_milliseconds_bucket{${dest},${label('le', '+Inf')},${label('reporter', 'destination')}}`,
      kind: 'counter',
      at: t => state(t).rps * I,
    });
  }
  if (mesh.istioOnly) return specs;
  const unlimited = w.kind === 'partial-mtls';
  const shipperCpu = unlimited ? LOG_SHIPPER_CPU : 0;
  const shipperMemory = unlimited ? LOG_SHIPPER_MEMORY : 0;
  w.pods.forEach((pod, p) => {
    const podLabels = `${label('namespace', w.namespace)},${label('pod', pod)}`;
    if (unlimited) {
      specs.push(
        {
          labels: `container_cpu_usage_seconds_total{${label('container', 'log-shipper')},${podLabels}}`,
          kind: 'counter',
          at: () => LOG_SHIPPER_CPU * I,
        },
        {
          labels: `container_memory_working_set_bytes{${label('container', 'log-shipper')},${podLabels}}`,
          kind: 'gauge',
          at: () => LOG_SHIPPER_MEMORY,
        },
      );
    }
    specs.push(
      {
        labels: `container_cpu_usage_seconds_total{${label('container', w.workload)},${podLabels}}`,
        kind: 'counter',
        at: t => state(t).appCpu[p] * I,
      },
      {
        labels: `container_cpu_usage_seconds_total{${label('container', 'istio-proxy')},${podLabels}}`,
        kind: 'counter',
        at: t => state(t).proxyCpu[p] * I,
      },
      {
        // cAdvisor's pod-level cgroup (no container label): the sum of the containers.
        labels: `container_cpu_usage_seconds_total{${podLabels}}`,
        kind: 'counter',
        at: t => (state(t).appCpu[p] + state(t).proxyCpu[p] + shipperCpu) * I,
      },
      {
        labels: `container_memory_working_set_bytes{${label('container', w.workload)},${podLabels}}`,
        kind: 'gauge',
        at: t => appMemoryBytes(mesh, w, t, p),
      },
      {
        labels: `container_memory_working_set_bytes{${label('container', 'istio-proxy')},${podLabels}}`,
        kind: 'gauge',
        at: () => proxyMemoryBytes(p),
      },
      {
        labels: `container_memory_working_set_bytes{${podLabels}}`,
        kind: 'gauge',
        at: t =>
          appMemoryBytes(mesh, w, t, p) + proxyMemoryBytes(p) + shipperMemory,
      },
    );
    const limits: Array<[string, string, string, number]> = [
      [w.workload, 'cpu', 'core', w.cpuLimitCores],
      [w.workload, 'memory', 'byte', w.memoryLimitBytes],
      ['istio-proxy', 'cpu', 'core', PROXY_CPU_LIMIT],
      ['istio-proxy', 'memory', 'byte', PROXY_MEMORY_LIMIT],
    ];
    for (const [container, resource, unit, value] of limits) {
      specs.push({
        labels: `kube_pod_container_resource_limits{${label('container', container)},${podLabels},${label('resource', resource)},${label('unit', unit)}}`,
        kind: 'gauge',
        at: () => value,
      });
    }
  });
  return specs;
}

/**
 * Writes the mesh's samples as OpenMetrics text (series after series, ending with `# EOF`) and returns
 * the number of samples written.
 */
export async function writeOpenMetrics(
  mesh: SyntheticMesh,
  path: string,
  /** More series over the same range (e.g. the synthetic edges). */
  extra: readonly SeriesSpec[] = [],
): Promise<number> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const flush = async (chunk: string) => {
    if (!out.write(chunk)) {
      await new Promise<void>(resolve => out.once('drain', resolve));
    }
  };
  const I = mesh.intervalSec;
  let samples = 0;
  let chunk = '';
  const all = [...mesh.workloads.map(w => seriesOf(mesh, w)), extra];
  for (const specs of all) {
    for (const spec of specs) {
      let counter = 0;
      for (let t = mesh.startSec; t <= mesh.endSec; t += I) {
        const value = spec.kind === 'counter' ? counter : spec.at(t);
        chunk += `${spec.labels} ${value} ${t}\n`;
        samples++;
        if (spec.kind === 'counter') counter += spec.at(t);
      }
      if (chunk.length > 1 << 20) {
        await flush(chunk);
        chunk = '';
      }
    }
  }
  await flush(`${chunk}# EOF\n`);
  out.end();
  await done;
  return samples;
}

/** What Prometheus must answer for one workload at one time, straight from the formula. */
export interface ExpectedSignals extends GoldenSignalValues {
  /** Share of requests over mutual TLS, null without traffic. */
  mutualTlsShare: number | null;
}

/**
 * Prometheus' `histogram_quantile` on classic buckets (Prometheus 2.x `bucketQuantile`): linear
 * interpolation inside the bucket that holds the rank; the rank in `+Inf` gives the highest finite bound.
 */
export function bucketQuantile(
  q: number,
  buckets: Array<{ le: number; count: number }>,
): number | null {
  const total = buckets[buckets.length - 1].count;
  if (!(total > 0)) return null;
  const rank = q * total;
  let b = 0;
  while (b < buckets.length - 1 && buckets[b].count < rank) b++;
  if (b === buckets.length - 1) return buckets[buckets.length - 2].le;
  const start = b === 0 ? 0 : buckets[b - 1].le;
  const below = b === 0 ? 0 : buckets[b - 1].count;
  return (
    start +
    (buckets[b].le - start) * ((rank - below) / (buckets[b].count - below))
  );
}

/**
 * The golden signals and observed mTLS of `workload` at `timeSec`, as Meshport's queries compute them
 * with rate window `windowSec`. `timeSec` and `windowSec` must be multiples of the sample interval, with
 * the whole window inside the sampled range (outside it Prometheus extrapolates).
 */
export function expectedSignals(
  mesh: SyntheticMesh,
  workload: SyntheticWorkload,
  timeSec: number,
  windowSec = 300,
): ExpectedSignals {
  const I = mesh.intervalSec;
  if ((timeSec - mesh.startSec) % I !== 0 || windowSec % I !== 0) {
    throw new Error(
      `time ${timeSec} and window ${windowSec} must be multiples of ${I}s`,
    );
  }
  if (timeSec - windowSec < mesh.startSec || timeSec > mesh.endSec) {
    throw new Error(
      `window ending at ${timeSec} is not inside the sampled range`,
    );
  }
  let total = 0;
  let errors = 0;
  let mtls = 0;
  let appCpu = 0;
  const cumulative = LATENCY_BUCKETS_MS.map(() => 0);
  for (let t = timeSec - windowSec; t < timeSec; t += I) {
    const s = intervalState(mesh, workload, t);
    const requests = s.rps * I;
    total += requests;
    for (const [code, share] of s.codes) {
      if (code.startsWith('5')) errors += requests * share;
    }
    mtls += requests * s.mtlsShare;
    s.latencyCdf.forEach((cdf, b) => {
      cumulative[b] += requests * cdf;
    });
    appCpu += s.appCpu.reduce((a, c) => a + c, 0) * I;
  }
  const pods = workload.pods.length;
  let memory = 0;
  for (let p = 0; p < pods; p++)
    memory += appMemoryBytes(mesh, workload, timeSec, p);
  const silent = workload.kind === 'silent';
  const buckets = [
    ...LATENCY_BUCKETS_MS.map((le, b) => ({
      le,
      count: cumulative[b] / windowSec,
    })),
    { le: Infinity, count: total / windowSec },
  ];
  const quantile = (q: number) => (silent ? null : bucketQuantile(q, buckets));
  return {
    requestsPerSecond: silent ? null : total / windowSec,
    errorRatio: silent || total === 0 ? null : errors / total,
    latencyP50Ms: quantile(0.5),
    latencyP95Ms: quantile(0.95),
    latencyP99Ms: quantile(0.99),
    cpuSaturation: appCpu / windowSec / (pods * workload.cpuLimitCores),
    memorySaturation: memory / (pods * workload.memoryLimitBytes),
    mutualTlsShare: silent || total === 0 ? null : mtls / total,
  };
}
