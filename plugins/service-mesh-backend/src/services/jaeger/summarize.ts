import type {
  TraceHotspot,
  TraceSummaries,
  TraceSummary,
} from '@meshport/plugin-service-mesh-common';
import type { JaegerSpan, JaegerTrace } from './spans';

/** How many traces each list of the trace card shows. */
export const TRACE_LIST_LENGTH = 5;

const ms = (us: number) => Math.round(us) / 1000;

/**
 * A span's self time: its duration minus the part of it covered by its children (overlapping children
 * counted once, the part of a child outside its parent not at all), as Jaeger UI's trace statistics
 * compute it.
 */
export function selfTimeUs(span: JaegerSpan, children: JaegerSpan[]): number {
  const end = span.startUs + span.durationUs;
  const intervals = children
    .map(c => [
      Math.max(c.startUs, span.startUs),
      Math.min(c.startUs + c.durationUs, end),
    ])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = span.startUs;
  for (const [a, b] of intervals) {
    if (b <= reach) continue;
    covered += b - Math.max(a, reach);
    reach = b;
  }
  return span.durationUs - covered;
}

/** The operation with the most self time, summed over its spans; ties go to the earlier span. */
export function hotspotOf(trace: JaegerTrace): TraceHotspot | null {
  const children = new Map<string, JaegerSpan[]>();
  for (const span of trace.spans) {
    if (span.parentId) {
      children.set(span.parentId, [
        ...(children.get(span.parentId) ?? []),
        span,
      ]);
    }
  }
  const totals = new Map<
    string,
    { service: string; operation: string; us: number }
  >();
  for (const span of trace.spans) {
    const key = `${span.service}\u0000${span.operation}`;
    const entry = totals.get(key) ?? {
      service: span.service,
      operation: span.operation,
      us: 0,
    };
    entry.us += selfTimeUs(span, children.get(span.spanId) ?? []);
    totals.set(key, entry);
  }
  let best: { service: string; operation: string; us: number } | undefined;
  for (const entry of totals.values()) {
    if (!best || entry.us > best.us) best = entry;
  }
  return best
    ? {
        service: best.service,
        operation: best.operation,
        selfTimeMs: ms(best.us),
      }
    : null;
}

/** The root span: the earliest span without a parent in the trace. */
function rootOf(trace: JaegerTrace): JaegerSpan {
  const ids = new Set(trace.spans.map(s => s.spanId));
  const roots = trace.spans.filter(s => !s.parentId || !ids.has(s.parentId));
  return [...(roots.length ? roots : trace.spans)].sort(
    (a, b) => a.startUs - b.startUs,
  )[0];
}

/** The summary of one trace: its extent over all spans, its root, its errors and its hotspot. */
export function summarizeTrace(
  trace: JaegerTrace,
  traceUrl: (id: string) => string,
): TraceSummary {
  const start = Math.min(...trace.spans.map(s => s.startUs));
  const end = Math.max(...trace.spans.map(s => s.startUs + s.durationUs));
  const root = rootOf(trace);
  return {
    traceId: trace.traceId,
    startedAt: new Date(Math.floor(start / 1000)).toISOString(),
    durationMs: ms(end - start),
    spanCount: trace.spans.length,
    errorSpanCount: trace.spans.filter(s => s.error).length,
    rootOperation: `${root.service}: ${root.operation}`,
    hotspot: hotspotOf(trace),
    url: traceUrl(trace.traceId),
  };
}

/** The slowest traces, and the failing ones most recent first, each list {@link TRACE_LIST_LENGTH} long. */
export function summarizeTraces(
  service: string,
  traces: JaegerTrace[],
  urls: { trace: (id: string) => string; search: string },
): TraceSummaries {
  const summaries = traces
    .filter(t => t.spans.length > 0)
    .map(t => summarizeTrace(t, urls.trace));
  const slowest = [...summaries]
    .sort(
      (a, b) =>
        b.durationMs - a.durationMs || a.traceId.localeCompare(b.traceId),
    )
    .slice(0, TRACE_LIST_LENGTH);
  const failing = summaries
    .filter(s => s.errorSpanCount > 0)
    .sort(
      (a, b) =>
        b.startedAt.localeCompare(a.startedAt) ||
        a.traceId.localeCompare(b.traceId),
    )
    .slice(0, TRACE_LIST_LENGTH);
  return { service, lookback: '1h', slowest, failing, searchUrl: urls.search };
}
