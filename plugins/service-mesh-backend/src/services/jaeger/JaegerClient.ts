import type { JaegerConfig } from '../../config';
import { fetchUpstream, UpstreamError } from '../upstream';
import { checkJaegerService } from './service';
import {
  ISTIO_CLUSTER_TAG,
  tracesFromV1,
  tracesFromV3,
  type JaegerTrace,
} from './spans';

/** How far back the trace lists look. */
export const TRACE_LOOKBACK_MS = 60 * 60 * 1000;
/** How many traces one lookup reads (the lists are made from them). */
export const TRACE_SEARCH_LIMIT = 100;

/** Jaeger's query API as Meshport uses it. Failures are `UpstreamError`s. */
export interface JaegerApi {
  /** Base URL of the Jaeger UI, for links. */
  readonly consoleUrl: string;
  /**
   * Traces of `service` that started in the hour before `nowMs`, at most {@link TRACE_SEARCH_LIMIT};
   * with `cluster` (Istio's cluster id, Kiali's cluster name) only those whose `service` spans came
   * from that cluster.
   */
  recentTraces(
    service: string,
    nowMs: number,
    cluster?: string,
  ): Promise<JaegerTrace[]>;
}

/**
 * `JaegerApi` over HTTP: v1 `GET /api/traces?service=&start=&end=&limit=` or Jaeger v2's
 * `GET /api/v3/traces?query.service_name=&query.start_time_min=&query.start_time_max=&query.search_depth=`.
 * With `apiVersion: auto` it asks v3 first and, when the instance answers 404 there, uses v1 from then
 * on. The service name is validated and only ever sent as an encoded query parameter. A cluster is
 * asked for as Kiali asks for it, by the `istio.cluster_id` tag (v1 `tags=`, v3 `query.attributes=`,
 * both JSON maps), and checked on the answer: Jaeger v2 before 2.19 ignores `query.attributes`.
 */
export class JaegerClient implements JaegerApi {
  readonly consoleUrl: string;
  #detected?: 'v1' | 'v3';

  constructor(private readonly config: JaegerConfig) {
    this.consoleUrl = config.consoleUrl;
  }

  private call(path: string, params: Record<string, string>) {
    const url = new URL(`${this.config.url}${path}`);
    url.search = new URLSearchParams(params).toString();
    return fetchUpstream<unknown>(url.toString(), {
      source: 'jaeger',
      timeoutMs: this.config.timeoutMs,
      token: this.config.token,
    });
  }

  private async v1(service: string, nowMs: number, tags?: string) {
    const body = await this.call('/api/traces', {
      service,
      start: String((nowMs - TRACE_LOOKBACK_MS) * 1000),
      end: String(nowMs * 1000),
      limit: String(TRACE_SEARCH_LIMIT),
      ...(tags ? { tags } : {}),
    });
    return tracesFromV1(body);
  }

  private async v3(service: string, nowMs: number, tags?: string) {
    const body = await this.call('/api/v3/traces', {
      'query.service_name': service,
      'query.start_time_min': new Date(nowMs - TRACE_LOOKBACK_MS).toISOString(),
      'query.start_time_max': new Date(nowMs).toISOString(),
      'query.search_depth': String(TRACE_SEARCH_LIMIT),
      ...(tags ? { 'query.attributes': tags } : {}),
    });
    return tracesFromV3(body);
  }

  private async search(
    service: string,
    nowMs: number,
    tags: string | undefined,
  ): Promise<JaegerTrace[]> {
    const version =
      this.config.apiVersion === 'auto'
        ? this.#detected
        : this.config.apiVersion;
    if (version === 'v1') return this.v1(service, nowMs, tags);
    if (version === 'v3') return this.v3(service, nowMs, tags);
    try {
      const traces = await this.v3(service, nowMs, tags);
      this.#detected = 'v3';
      return traces;
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.state !== 'not-found')
        throw error;
      const traces = await this.v1(service, nowMs, tags);
      this.#detected = 'v1';
      return traces;
    }
  }

  async recentTraces(
    service: string,
    nowMs: number,
    cluster?: string,
  ): Promise<JaegerTrace[]> {
    checkJaegerService(service, 'Jaeger service');
    if (cluster === undefined) return this.search(service, nowMs, undefined);
    const traces = await this.search(
      service,
      nowMs,
      JSON.stringify({ [ISTIO_CLUSTER_TAG]: cluster }),
    );
    return traces.filter(t =>
      t.spans.some(s => s.service === service && s.cluster === cluster),
    );
  }
}
