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
  type ObservedEdges,
  type ObservedNode,
  type WorkloadTarget,
} from '../prometheus';
import { notConfigured, type SourceReader } from '../status/reader';
import { notConfiguredSource } from '../upstream';

/** How far back "declares X but no traffic" looks. */
export const DECLARED_TRAFFIC_WINDOW_SEC = 7 * 24 * 3600;

/** Edges in and out of one workload over `windowSec`, cached per `bucket`. */
export function workloadEdges(
  reader: SourceReader,
  target: WorkloadTarget,
  windowSec: number,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<ObservedEdges>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  return reader.read({
    source: 'prometheus',
    key: `prometheus:edges:${workloadKey(target)}:${windowSec}:${bucket}`,
    load: () => prometheus.edges.workloadEdges(target, windowSec, nowSec),
  });
}

/** The destinations the workload sent traffic to in the last 7 days. */
export function activeDestinations(
  reader: SourceReader,
  target: WorkloadTarget,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<ObservedNode[]>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  return reader.read({
    source: 'prometheus',
    key: `prometheus:activity:${workloadKey(target)}:${bucket}`,
    load: () =>
      prometheus.edges.activeDestinations(
        target,
        DECLARED_TRAFFIC_WINDOW_SEC,
        nowSec,
      ),
  });
}

/**
 * Every edge into the workloads of `namespaces`, with `clusters` (multi-cluster) into those in one of
 * them (empty: any); sorted, so equal sets share one cache entry.
 */
export function meshEdges(
  reader: SourceReader,
  namespaces: string[],
  clusters: string[] | undefined,
  windowSec: number,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<ObservedEdges>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  const sorted = [...new Set(namespaces)].sort();
  if (sorted.length === 0) {
    // Nothing readable in the environment: an empty graph, nothing asked.
    return Promise.resolve(
      reader.tagged({
        source: 'prometheus',
        state: 'ok',
        data: { nodes: [], edges: [] },
      }),
    );
  }
  const inClusters = clusters && [...new Set(clusters)].sort();
  return reader.read({
    source: 'prometheus',
    key: `prometheus:graph:${sorted.join(',')}${inClusters ? `@${inClusters.join(',')}` : ''}:${windowSec}:${bucket}`,
    load: () =>
      prometheus.edges.meshEdges(sorted, windowSec, nowSec, inClusters),
  });
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
