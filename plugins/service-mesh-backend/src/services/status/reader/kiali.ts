import type {
  ReportedMtls,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  kialiVersion,
  type KialiClustersHealth,
  type KialiMtlsStatus,
  type KialiWorkload,
} from '../../kiali';
import { workloadKey, type WorkloadTarget } from '../../prometheus';
import { notConfigured, withoutData, type SourceReader } from './SourceReader';

const REPORTED: ReportedMtls['status'][] = [
  'MTLS_ENABLED',
  'MTLS_PARTIALLY_ENABLED',
  'MTLS_NOT_ENABLED',
  'MTLS_DISABLED',
];

const uniqueSorted = (namespaces: string[]) => [...new Set(namespaces)].sort();

/** Kiali's major version (it shapes the console links); undefined when unknown or unreachable. */
export async function kialiMajorVersion(
  reader: SourceReader,
): Promise<number | undefined> {
  const kiali = reader.sources.kiali;
  if (!kiali) return undefined;
  try {
    const status = await reader.fetch({
      source: 'kiali',
      key: 'kiali:status',
      load: () => kiali.api.status(),
    });
    const match = /^v?(\d+)\./.exec(kialiVersion(status) ?? '');
    return match ? Number(match[1]) : undefined;
  } catch {
    // Unknown version: links use the current (>= 2.0) form.
    return undefined;
  }
}

/** Kiali's TLS status of the namespaces, in one call. */
export function kialiTls(
  reader: SourceReader,
  namespaces: string[],
): Promise<SourceResult<KialiMtlsStatus[]>> {
  const kiali = reader.sources.kiali;
  if (!kiali) return Promise.resolve(notConfigured('kiali'));
  const sorted = uniqueSorted(namespaces);
  if (sorted.length === 0) {
    return Promise.resolve({ source: 'kiali', state: 'ok', data: [] });
  }
  return reader.read({
    source: 'kiali',
    key: `kiali:tls:${sorted.join(',')}`,
    load: () => kiali.api.clustersTls(sorted),
  });
}

/** Kiali's workload health in the namespaces; undefined when Kiali is not configured. */
export function kialiHealth(
  reader: SourceReader,
  namespaces: string[],
): Promise<SourceResult<KialiClustersHealth>> | undefined {
  const kiali = reader.sources.kiali;
  if (!kiali) return undefined;
  const sorted = uniqueSorted(namespaces);
  return reader.read({
    source: 'kiali',
    key: `kiali:health:${sorted.join(',')}`,
    load: () => kiali.api.workloadHealth(sorted),
  });
}

/** Kiali's view of one workload (sidecar, proxies); undefined when Kiali is not configured. */
export function kialiWorkload(
  reader: SourceReader,
  target: WorkloadTarget,
): Promise<SourceResult<KialiWorkload>> | undefined {
  const kiali = reader.sources.kiali;
  if (!kiali) return undefined;
  return reader.read({
    source: 'kiali',
    key: `kiali:workload:${workloadKey(target)}`,
    load: () => kiali.api.workload(target.namespace, target.workload),
  });
}

/** The mTLS status Kiali reports for one namespace, out of its TLS answer for many. */
export function reportedMtls(
  tls: SourceResult<KialiMtlsStatus[]>,
  namespace: string,
): SourceResult<ReportedMtls> {
  if (tls.state !== 'ok') return withoutData(tls);
  const entry = tls.data!.find(s => s.namespace === namespace);
  if (!entry) {
    return {
      ...tls,
      data: undefined,
      state: 'not-found',
      message: `Kiali reports no TLS status for namespace "${namespace}" (is it in the mesh, and can Kiali's service account see it?)`,
    };
  }
  if (!REPORTED.includes(entry.status as ReportedMtls['status'])) {
    return {
      ...tls,
      data: undefined,
      state: 'bad-answer',
      message: `Kiali reported an unknown TLS status "${entry.status}" for namespace "${namespace}"`,
    };
  }
  return {
    ...tls,
    data: {
      status: entry.status as ReportedMtls['status'],
      autoMTLSEnabled: Boolean(entry.autoMTLSEnabled),
      ...(entry.minTLS ? { minTLS: entry.minTLS } : {}),
    },
  };
}
