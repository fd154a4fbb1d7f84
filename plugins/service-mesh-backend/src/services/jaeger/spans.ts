/*
 * Jaeger's two answer formats reduced to one span model: v1's JSON (`/api/traces`, Jaeger's
 * `model/json` structs) and v3's OTLP JSON (`/api/v3/traces`, `result.resourceSpans[]`). Every
 * summary is computed from this model, so both API versions give the same summaries.
 */

/** One span, whatever API it came from. Times in microseconds since the epoch. */
export interface JaegerSpan {
  spanId: string;
  /** The span it is a child of; absent for a root span (or a span whose parent is missing). */
  parentId?: string;
  service: string;
  operation: string;
  startUs: number;
  durationUs: number;
  error: boolean;
  /** Istio's cluster of the proxy that made the span (its `istio.cluster_id` tag), when tagged. */
  cluster?: string;
}

/** The span tag in which Istio's proxies name their cluster (Istio's tracing custom tags; Kiali filters on it). */
export const ISTIO_CLUSTER_TAG = 'istio.cluster_id';

/** One trace: its id and its spans. */
export interface JaegerTrace {
  traceId: string;
  spans: JaegerSpan[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`${what} is not a list`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} is not a string`);
  return value;
}

function number(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${what} is not a number`);
  }
  return value;
}

/** v1: `{ data: [{ traceID, spans: [...], processes: { p1: { serviceName } } }] }`. */
export function tracesFromV1(body: unknown): JaegerTrace[] {
  if (!isObject(body)) throw new TypeError('the answer is not an object');
  return list(body.data, 'data').map((trace, t) => {
    const where = `data[${t}]`;
    if (!isObject(trace)) throw new TypeError(`${where} is not an object`);
    const processes = isObject(trace.processes) ? trace.processes : {};
    return {
      traceId: text(trace.traceID, `${where}.traceID`),
      spans: list(trace.spans, `${where}.spans`).map((span, s) => {
        const at = `${where}.spans[${s}]`;
        if (!isObject(span)) throw new TypeError(`${at} is not an object`);
        const process = processes[text(span.processID, `${at}.processID`)];
        const parent = list(span.references, `${at}.references`).find(
          r => isObject(r) && r.refType === 'CHILD_OF',
        ) as Json | undefined;
        const tags = list(span.tags, `${at}.tags`);
        const cluster = tags.find(
          tag => isObject(tag) && tag.key === ISTIO_CLUSTER_TAG,
        ) as Json | undefined;
        return {
          spanId: text(span.spanID, `${at}.spanID`),
          ...(parent
            ? { parentId: text(parent.spanID, `${at}.references`) }
            : {}),
          service:
            isObject(process) && typeof process.serviceName === 'string'
              ? process.serviceName
              : '(unknown service)',
          operation: text(span.operationName, `${at}.operationName`),
          startUs: number(span.startTime, `${at}.startTime`),
          durationUs: number(span.duration, `${at}.duration`),
          // Jaeger marks failed spans with the tag error=true (a bool, or "true" from older clients).
          error: tags.some(
            tag =>
              isObject(tag) &&
              tag.key === 'error' &&
              (tag.value === true || tag.value === 'true'),
          ),
          ...(typeof cluster?.value === 'string'
            ? { cluster: cluster.value }
            : {}),
        };
      }),
    };
  });
}

/** OTLP's `status.code`: 2 or `STATUS_CODE_ERROR` is an error. */
function otlpError(status: unknown): boolean {
  if (!isObject(status)) return false;
  return status.code === 2 || status.code === 'STATUS_CODE_ERROR';
}

/** OTLP JSON times are nanoseconds as decimal strings (beyond 2^53): microseconds, exactly enough. */
function nanosToMicros(value: unknown, what: string): number {
  const raw = typeof value === 'number' ? String(value) : value;
  if (typeof raw !== 'string' || !/^\d{1,25}$/.test(raw)) {
    throw new TypeError(`${what} is not a nanosecond timestamp`);
  }
  return Number(BigInt(raw) / 1000n);
}

function serviceOf(resource: unknown): string {
  const attributes = isObject(resource)
    ? list(resource.attributes, 'resource.attributes')
    : [];
  const name = attributes.find(a => isObject(a) && a.key === 'service.name') as
    Json | undefined;
  const value =
    name && isObject(name.value) ? name.value.stringValue : undefined;
  return typeof value === 'string' ? value : '(unknown service)';
}

/** v3: `{ result: { resourceSpans: [{ resource, scopeSpans: [{ spans: [...] }] }] } }`, grouped by trace. */
export function tracesFromV3(body: unknown): JaegerTrace[] {
  if (!isObject(body)) throw new TypeError('the answer is not an object');
  const result = body.result;
  if (!isObject(result))
    throw new TypeError('the answer has no "result" object');
  const traces = new Map<string, JaegerSpan[]>();
  list(result.resourceSpans, 'result.resourceSpans').forEach((rs, r) => {
    if (!isObject(rs))
      throw new TypeError(`resourceSpans[${r}] is not an object`);
    const service = serviceOf(rs.resource);
    list(rs.scopeSpans, `resourceSpans[${r}].scopeSpans`).forEach((ss, s) => {
      if (!isObject(ss))
        throw new TypeError(`scopeSpans[${s}] is not an object`);
      list(ss.spans, `scopeSpans[${s}].spans`).forEach((span, i) => {
        const at = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        if (!isObject(span)) throw new TypeError(`${at} is not an object`);
        const traceId = text(span.traceId, `${at}.traceId`);
        const startUs = nanosToMicros(
          span.startTimeUnixNano,
          `${at}.startTimeUnixNano`,
        );
        const endUs = nanosToMicros(
          span.endTimeUnixNano,
          `${at}.endTimeUnixNano`,
        );
        const parent =
          typeof span.parentSpanId === 'string' ? span.parentSpanId : '';
        const cluster = list(span.attributes, `${at}.attributes`).find(
          a => isObject(a) && a.key === ISTIO_CLUSTER_TAG,
        ) as Json | undefined;
        const clusterName = isObject(cluster?.value)
          ? cluster.value.stringValue
          : undefined;
        const spans = traces.get(traceId) ?? [];
        spans.push({
          spanId: text(span.spanId, `${at}.spanId`),
          ...(parent ? { parentId: parent } : {}),
          service,
          operation: text(span.name, `${at}.name`),
          startUs,
          durationUs: Math.max(0, endUs - startUs),
          error: otlpError(span.status),
          ...(typeof clusterName === 'string' ? { cluster: clusterName } : {}),
        });
        traces.set(traceId, spans);
      });
    });
  });
  return [...traces].map(([traceId, spans]) => ({ traceId, spans }));
}
