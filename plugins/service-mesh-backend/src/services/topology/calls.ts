/*
 * The topology's upstream calls, described for the per-request SourceReader (cache key, coalescing,
 * the request's deadline, per-source results).
 */
import type {
  SourceResult,
  TraceSummaries,
} from '@meshport/plugin-service-mesh-common';
import { jaegerSearchUrl, jaegerTraceUrl, summarizeTraces } from '../jaeger';
import {
  workloadKey,
  type EdgeSource,
  type ObservedEdges,
  type ObservedNode,
  type WorkloadTarget,
} from '../prometheus';
import { notConfigured, type SourceReader } from '../status/reader';
import { notConfiguredSource } from '../upstream';

/** How far back "declares X but no traffic" looks. */
export const DECLARED_TRAFFIC_WINDOW_SEC = 7 * 24 * 3600;

/** The edge source read through the reader under `key`; not configured without Prometheus. */
function readEdges<T>(
  reader: SourceReader,
  key: string,
  load: (edges: EdgeSource) => Promise<T>,
): Promise<SourceResult<T>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  return reader.read({
    source: 'prometheus',
    key,
    load: () => load(prometheus.edges),
  });
}

/** Edges in and out of one workload over `windowSec`, cached per `bucket`. */
export function workloadEdges(
  reader: SourceReader,
  target: WorkloadTarget,
  windowSec: number,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<ObservedEdges>> {
  return readEdges(
    reader,
    `prometheus:edges:${workloadKey(target)}:${windowSec}:${bucket}`,
    edges => edges.workloadEdges(target, windowSec, nowSec),
  );
}

/** The destinations the workload sent traffic to in the last 7 days. */
export function activeDestinations(
  reader: SourceReader,
  target: WorkloadTarget,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<ObservedNode[]>> {
  return readEdges(
    reader,
    `prometheus:activity:${workloadKey(target)}:${bucket}`,
    edges =>
      edges.activeDestinations(target, DECLARED_TRAFFIC_WINDOW_SEC, nowSec),
  );
}

/**
 * Every edge into a workload of the mesh, in every namespace, told apart by cluster when
 * `serviceMesh.clusters` is set: the same queries and one cache entry for every environment and
 * caller, which keep the edges into their own places.
 */
export function meshEdges(
  reader: SourceReader,
  windowSec: number,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<ObservedEdges>> {
  const byCluster = Boolean(reader.sources.clusters?.length);
  return readEdges(reader, `prometheus:graph:${windowSec}:${bucket}`, edges =>
    edges.meshEdges(windowSec, nowSec, byCluster),
  );
}

/**
 * The trace summaries of a service over the last hour, cached per minute; in Istio's cluster
 * `cluster` (Kiali's cluster name) when one is named.
 */
export function traceSummaries(
  reader: SourceReader,
  service: string,
  cluster: string | undefined,
  nowMs: number,
): Promise<SourceResult<TraceSummaries>> {
  const jaeger = reader.sources.jaeger;
  if (!jaeger) {
    return Promise.resolve(
      reader.tagged(
        notConfiguredSource<TraceSummaries>(
          'jaeger',
          'add serviceMesh.jaeger to the backend config',
        ),
      ),
    );
  }
  return reader.read({
    source: 'jaeger',
    key: `jaeger:traces:${service}${cluster === undefined ? '' : `@${cluster}`}:${Math.floor(nowMs / 60_000)}`,
    load: async () =>
      summarizeTraces(
        service,
        await jaeger.recentTraces(service, nowMs, cluster),
        {
          trace: id => jaegerTraceUrl(jaeger.consoleUrl, id),
          search: jaegerSearchUrl(jaeger.consoleUrl, service, cluster),
        },
      ),
  });
}
