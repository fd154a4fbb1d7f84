import type {
  GoldenSignalValues,
  ObservedMtls,
  SignalRange,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  workloadKey,
  type OverviewSignals,
  type WorkloadSignals,
  type WorkloadTarget,
} from '../../prometheus';
import { notConfigured, type SourceReader } from './SourceReader';

/** What the batched reads return for their workloads, keyed `namespace/workload`. */
interface BatchValues {
  current: GoldenSignalValues;
  mtls: ObservedMtls;
}

/** Current golden signals (`current`) or observed mTLS (`mtls`) of many workloads, in one batch. */
export function prometheusBatch<K extends keyof BatchValues>(
  reader: SourceReader,
  kind: K,
  targets: WorkloadTarget[],
): Promise<SourceResult<Record<string, BatchValues[K]>>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  const unique = [
    ...new Map(targets.map(t => [workloadKey(t), t])).values(),
  ].sort((a, b) => workloadKey(a).localeCompare(workloadKey(b)));
  return reader.read({
    source: 'prometheus',
    key: `prometheus:${kind}:${unique.map(workloadKey).join(',')}`,
    load: async () => {
      const map =
        kind === 'current'
          ? await prometheus.signals.currentValues(unique)
          : await prometheus.signals.observedMtls(unique);
      return Object.fromEntries(map) as Record<string, BatchValues[K]>;
    },
  });
}

/**
 * The overview's values of every workload (per cluster when `serviceMesh.clusters` is set); needs no
 * targets, so it can start first.
 */
export function prometheusOverview(
  reader: SourceReader,
): Promise<SourceResult<Record<string, OverviewSignals>>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  const byCluster = Boolean(reader.sources.clusters?.length);
  return reader.read({
    source: 'prometheus',
    key: byCluster ? 'prometheus:overview:clusters' : 'prometheus:overview',
    load: async () =>
      Object.fromEntries(
        await prometheus.signals.overviewValues(undefined, byCluster),
      ),
  });
}

/**
 * Values and series of one workload over a range, cached per step-long bucket of `nowSec` (a chart
 * reloaded within one step shows the same points).
 */
export function prometheusSignals(
  reader: SourceReader,
  target: WorkloadTarget,
  range: SignalRange,
  nowSec: number,
  bucket: number,
): Promise<SourceResult<WorkloadSignals>> {
  const prometheus = reader.sources.prometheus;
  if (!prometheus) return Promise.resolve(notConfigured('prometheus'));
  return reader.read({
    source: 'prometheus',
    key: `prometheus:signals:${workloadKey(target)}:${range}:${bucket}`,
    load: () => prometheus.signals.entitySignals(target, range, nowSec),
  });
}
