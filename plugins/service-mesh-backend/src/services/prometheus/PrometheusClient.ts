import type { SeriesPoint } from '@meshport/plugin-service-mesh-common';
import { fetchUpstream, maskUpstreamText, UpstreamError } from '../upstream';
import type { PrometheusConfig } from '../../config';

/** What the client needs of `serviceMesh.prometheus`: where, how to authenticate, how long to wait. */
export type PrometheusConnection = Pick<
  PrometheusConfig,
  'baseUrl' | 'token' | 'timeoutMs'
>;

/** Labels of one Prometheus series. */
export type PrometheusLabels = Record<string, string>;

/** One element of an instant vector; `value` is null for NaN and ±Inf. */
export interface PrometheusSample {
  metric: PrometheusLabels;
  value: number | null;
}

/** One series of a range query; values are `[unix seconds, number | null]`. */
export interface PrometheusSeries {
  metric: PrometheusLabels;
  values: SeriesPoint[];
}

type Json = unknown;

/**
 * Prometheus HTTP API client (`/api/v1/query`, `/api/v1/query_range`): native fetch through
 * `fetchUpstream` (explicit timeout, bearer token only in the Authorization header), strict parsing of
 * the JSON envelope, and a count of the requests it made.
 */
export class PrometheusClient {
  readonly #config: PrometheusConnection;
  #requestCount = 0;

  constructor(config: PrometheusConnection) {
    this.#config = config;
  }

  /** Number of HTTP requests sent to Prometheus so far (for benchmarks and tests). */
  get requestCount(): number {
    return this.#requestCount;
  }

  /** Evaluates `promql` at `timeSec` (Unix seconds); a scalar answer becomes one unlabelled sample. */
  async query(
    promql: string,
    timeSec: number,
    options?: { signal?: AbortSignal },
  ): Promise<PrometheusSample[]> {
    const data = await this.#call(
      'query',
      { query: promql, time: String(timeSec) },
      options?.signal,
    );
    if (data.resultType === 'scalar') {
      return [{ metric: {}, value: this.#point(data.result, 'result')[1] }];
    }
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
      throw this.#badAnswer(
        `expected a vector, got ${String(data.resultType)}`,
      );
    }
    return data.result.map((item: Json, i: number) => ({
      metric: this.#labels(item, `result[${i}]`),
      value: this.#point(
        (item as { value?: Json }).value,
        `result[${i}].value`,
      )[1],
    }));
  }

  /** Evaluates `promql` from `startSec` to `endSec` every `stepSec` seconds. */
  async queryRange(
    promql: string,
    startSec: number,
    endSec: number,
    stepSec: number,
    options?: { signal?: AbortSignal },
  ): Promise<PrometheusSeries[]> {
    const data = await this.#call(
      'query_range',
      {
        query: promql,
        start: String(startSec),
        end: String(endSec),
        step: String(stepSec),
      },
      options?.signal,
    );
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) {
      throw this.#badAnswer(
        `expected a matrix, got ${String(data.resultType)}`,
      );
    }
    return data.result.map((item: Json, i: number) => {
      const values = (item as { values?: Json }).values;
      if (!Array.isArray(values))
        throw this.#badAnswer(`result[${i}].values is not a list`);
      return {
        metric: this.#labels(item, `result[${i}]`),
        values: values.map((v, j) =>
          this.#point(v, `result[${i}].values[${j}]`),
        ),
      };
    });
  }

  /** Prometheus' version from `/api/v1/status/buildinfo` (for diagnostics). */
  async version(options?: { signal?: AbortSignal }): Promise<string> {
    const data = await this.#call(
      'status/buildinfo',
      undefined,
      options?.signal,
    );
    if (typeof data.version !== 'string')
      throw this.#badAnswer('buildinfo has no version');
    return data.version;
  }

  async #call(
    endpoint: string,
    params: Record<string, string> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, any>> {
    const { baseUrl, token, timeoutMs } = this.#config;
    const query = params ? `?${new URLSearchParams(params)}` : '';
    this.#requestCount++;
    const body = await fetchUpstream<Json>(
      `${baseUrl}/api/v1/${endpoint}${query}`,
      {
        source: 'prometheus',
        timeoutMs,
        token,
        signal,
      },
    );
    if (typeof body !== 'object' || body === null) {
      throw this.#badAnswer('the answer is not a JSON object');
    }
    const envelope = body as {
      status?: Json;
      data?: Json;
      errorType?: Json;
      error?: Json;
    };
    if (envelope.status === 'error') {
      // A 200 answer can carry an error too, and its text may echo the request's Authorization header.
      throw this.#badAnswer(
        maskUpstreamText(
          `${String(envelope.errorType)}: ${String(envelope.error)}`,
          token,
        ),
      );
    }
    if (
      envelope.status !== 'success' ||
      typeof envelope.data !== 'object' ||
      !envelope.data
    ) {
      throw this.#badAnswer(
        'the answer has no "status": "success" with "data"',
      );
    }
    return envelope.data as Record<string, any>;
  }

  #labels(item: Json, where: string): PrometheusLabels {
    const metric = (item as { metric?: Json })?.metric;
    if (
      typeof metric !== 'object' ||
      metric === null ||
      Array.isArray(metric)
    ) {
      throw this.#badAnswer(`${where}.metric is not an object`);
    }
    for (const value of Object.values(metric)) {
      if (typeof value !== 'string')
        throw this.#badAnswer(`${where}.metric has a non-string label`);
    }
    return metric as PrometheusLabels;
  }

  #point(point: Json, where: string): SeriesPoint {
    if (
      !Array.isArray(point) ||
      point.length !== 2 ||
      typeof point[0] !== 'number' ||
      typeof point[1] !== 'string'
    ) {
      throw this.#badAnswer(`${where} is not a [time, "value"] pair`);
    }
    const text = point[1];
    if (text === 'NaN' || text === '+Inf' || text === '-Inf')
      return [point[0], null];
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) {
      throw this.#badAnswer(
        `${where} has the value ${JSON.stringify(text.slice(0, 40))}`,
      );
    }
    return [point[0], value];
  }

  #badAnswer(reason: string): UpstreamError {
    return new UpstreamError({
      source: 'prometheus',
      state: 'bad-answer',
      message: `Prometheus gave an answer Meshport could not use: ${reason}`,
    });
  }
}
