import type {
  ReportedMtls,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  combinedNamespaceStatus,
  isKialiTlsStatus,
  kialiEndpoints,
  kialiVersion,
  type KialiClustersHealth,
  type KialiMtlsStatus,
  type KialiStatus,
  type KialiWorkload,
} from '../../kiali';
import { UpstreamError } from '../../upstream';
import { notConfigured, withoutData, type SourceReader } from './SourceReader';

/** Kiali's TLS answer for a set of namespaces, with the mesh-wide status when Kiali gave one. */
export interface KialiTls {
  namespaces: KialiMtlsStatus[];
  mesh?: KialiMtlsStatus;
  /** Namespaces whose status could not be read (and had no last good answer), with why. */
  unanswered?: Record<string, SourceResult<never>>;
}

const uniqueSorted = (namespaces: string[]) => [...new Set(namespaces)].sort();

/** A cache key part naming Kiali's cluster (`@<cluster>`); empty for Kiali's home cluster. */
const inCluster = (cluster: string | undefined) =>
  cluster === undefined ? '' : `@${cluster}`;

/** `api/status`, cached: the version shapes the links and which endpoints Meshport asks. */
function kialiStatus(reader: SourceReader): Promise<KialiStatus> {
  const kiali = reader.sources.kiali!;
  return reader.fetch({
    source: 'kiali',
    key: 'kiali:status',
    load: () => kiali.api.status(),
  });
}

/** Which endpoints this Kiali has; when its version cannot be read, the current ones. */
async function endpoints(reader: SourceReader) {
  try {
    return kialiEndpoints(kialiVersion(await kialiStatus(reader)));
  } catch {
    return kialiEndpoints(undefined);
  }
}

/**
 * Asks the current endpoint alongside the version lookup, so that the lookup never holds the call back
 * (a hanging Kiali costs its timeout once); when the version turns out to lack the endpoint (its answer
 * is a 404), asks the older per-namespace endpoints instead.
 */
async function byVersion<T>(
  reader: SourceReader,
  endpoint: keyof ReturnType<typeof kialiEndpoints>,
  current: () => Promise<T>,
  older: () => Promise<T>,
): Promise<T> {
  const pending = current().then(
    value => ({ ok: true as const, value }),
    error => ({ ok: false as const, error }),
  );
  if (!(await endpoints(reader))[endpoint]) return older();
  const result = await pending;
  if (!result.ok) throw result.error;
  return result.value;
}

/** Kiali's major version (it shapes the console links); undefined when unknown or unreachable. */
export async function kialiMajorVersion(
  reader: SourceReader,
): Promise<number | undefined> {
  if (!reader.sources.kiali) return undefined;
  try {
    const match = /^v?(\d+)\./.exec(
      kialiVersion(await kialiStatus(reader)) ?? '',
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    // Unknown version: links use the current (>= 2.0) form.
    return undefined;
  }
}

/** The result with the oldest stale mark, so that an answer made of several says its worst age and why. */
function oldestStale(results: SourceResult<unknown>[]) {
  return results
    .filter(r => r.stale !== undefined)
    .sort((a, b) => a.stale!.fetchedAt.localeCompare(b.stale!.fetchedAt))[0];
}

/**
 * Kiali's TLS status of the namespaces and of the mesh: one `api/clusters/tls` call (then one call per
 * namespace before Kiali 1.81) and one `api/mesh/tls` call, in Kiali's `cluster` when one is named.
 * Each namespace's answer is cached on its own (the batched call asks for all of them when any has
 * expired), so that a last good answer outlives a change in the set asked for — a service added while
 * Kiali is down does not lose the others their stale answers. A failing mesh-wide call leaves the
 * namespace statuses as Kiali sent them.
 */
export async function kialiTls(
  reader: SourceReader,
  namespaces: string[],
  cluster?: string,
): Promise<SourceResult<KialiTls>> {
  const kiali = reader.sources.kiali;
  if (!kiali) return notConfigured('kiali');
  const sorted = uniqueSorted(namespaces);
  if (sorted.length === 0) {
    return { source: 'kiali', state: 'ok', data: { namespaces: [] } };
  }
  const api = kiali.api;
  // One guarded upstream call for every namespace whose cached answer has expired.
  let batch: Promise<KialiMtlsStatus[]> | undefined;
  const statuses = () =>
    (batch ??= reader.guarded({
      source: 'kiali',
      load: () =>
        byVersion(
          reader,
          'clustersTls',
          () => api.clustersTls(sorted, cluster),
          () =>
            Promise.all(
              sorted.map(async namespace => ({
                ...(await api.namespaceTls(namespace, cluster)),
                namespace,
              })),
            ),
        ),
    }));
  const [mesh, ...perNamespace] = await Promise.all([
    reader.read<KialiMtlsStatus | null>({
      source: 'kiali',
      key: `kiali:mesh-tls${inCluster(cluster)}`,
      // A Kiali without the endpoint answers 404: cached as "no mesh-wide status", not asked again.
      load: () =>
        api
          .meshTls(cluster)
          .catch(error =>
            error instanceof UpstreamError && error.state === 'not-found'
              ? null
              : Promise.reject(error),
          ),
    }),
    ...sorted.map(namespace =>
      reader.read<KialiMtlsStatus | null>({
        source: 'kiali',
        key: `kiali:tls${inCluster(cluster)}:${namespace}`,
        // The batch is the call the breaker counts.
        unguarded: true,
        load: async () =>
          (await statuses()).find(s => s.namespace === namespace) ?? null,
      }),
    ),
  ]);
  const answered = perNamespace.filter(r => r.state === 'ok');
  const failures = perNamespace.filter(r => r.state !== 'ok');
  if (answered.length === 0) return withoutData(failures[0]);
  const stale = oldestStale([mesh, ...perNamespace]);
  const message = (failures[0] ?? stale)?.message;
  return reader.tagged({
    source: 'kiali',
    state: 'ok',
    ...(message ? { message } : {}),
    data: {
      namespaces: answered.flatMap(r => (r.data ? [r.data] : [])),
      ...(mesh.state === 'ok' && mesh.data ? { mesh: mesh.data } : {}),
      ...(failures.length > 0
        ? {
            unanswered: Object.fromEntries(
              sorted.flatMap((namespace, i) =>
                perNamespace[i].state === 'ok'
                  ? []
                  : [[namespace, withoutData(perNamespace[i])]],
              ),
            ),
          }
        : {}),
    },
    ...(stale ? { stale: stale.stale } : {}),
  });
}

/**
 * Kiali's workload health in the namespaces (one call; then one per namespace before Kiali 1.82), in
 * Kiali's `cluster` when one is named; undefined when Kiali is not configured.
 */
export function kialiHealth(
  reader: SourceReader,
  namespaces: string[],
  cluster?: string,
): Promise<SourceResult<KialiClustersHealth>> | undefined {
  const kiali = reader.sources.kiali;
  if (!kiali) return undefined;
  const sorted = uniqueSorted(namespaces);
  const api = kiali.api;
  return reader.read({
    source: 'kiali',
    key: `kiali:health${inCluster(cluster)}:${sorted.join(',')}`,
    load: () =>
      byVersion(
        reader,
        'clustersHealth',
        () => api.workloadHealth(sorted, cluster),
        async () => {
          const maps = await Promise.all(
            sorted.map(ns => api.namespaceWorkloadHealth(ns, cluster)),
          );
          return {
            namespaceWorkloadHealth: Object.fromEntries(
              sorted.map((ns, i) => [ns, maps[i]]),
            ),
          };
        },
      ),
  });
}

/** Kiali's view of one workload (sidecar, proxies, labels) in its `cluster`; undefined when Kiali is not configured. */
export function kialiWorkload(
  reader: SourceReader,
  target: { namespace: string; workload: string },
  cluster?: string,
): Promise<SourceResult<KialiWorkload>> | undefined {
  const kiali = reader.sources.kiali;
  if (!kiali) return undefined;
  return reader.read({
    source: 'kiali',
    key: `kiali:workload${inCluster(cluster)}:${target.namespace}/${target.workload}`,
    load: () => kiali.api.workload(target.namespace, target.workload, cluster),
  });
}

/**
 * The mTLS status Kiali reports for one namespace, out of its TLS answer for many, combined with the
 * mesh-wide status as Kiali's UI does. Only a status no Kiali version sends is a `bad-answer`.
 */
export function reportedMtls(
  tls: SourceResult<KialiTls>,
  namespace: string,
): SourceResult<ReportedMtls> {
  if (tls.state !== 'ok') return withoutData(tls);
  const unanswered = tls.data!.unanswered?.[namespace];
  if (unanswered) return unanswered;
  const entry = tls.data!.namespaces.find(s => s.namespace === namespace);
  if (!entry) {
    return {
      ...withoutData(tls),
      state: 'not-found',
      message: `Kiali reports no TLS status for namespace "${namespace}" (is it in the mesh, and can Kiali's service account see it?)`,
    };
  }
  if (!isKialiTlsStatus(entry.status)) {
    return {
      ...withoutData(tls),
      state: 'bad-answer',
      message: `Kiali reported an unknown TLS status "${entry.status}" for namespace "${namespace}"`,
    };
  }
  const mesh = tls.data!.mesh?.status;
  const meshStatus = isKialiTlsStatus(mesh) ? mesh : undefined;
  const status = combinedNamespaceStatus(entry.status, meshStatus);
  return {
    ...tls,
    data: {
      status,
      autoMTLSEnabled: Boolean(entry.autoMTLSEnabled),
      ...(entry.minTLS ? { minTLS: entry.minTLS } : {}),
      ...(status !== entry.status ? { namespaceStatus: entry.status } : {}),
      ...(meshStatus ? { meshStatus } : {}),
    },
  };
}

/** Kiali's namespace-level answers for one cluster: TLS and workload health. */
export interface KialiNamespaceAnswers {
  tls: SourceResult<KialiTls>;
  health?: SourceResult<KialiClustersHealth>;
}

/**
 * Kiali's TLS and workload health of the places (namespace, Kiali cluster), one set of calls per
 * cluster they name (one set without clusters); returns the answers of a place's cluster.
 */
export async function kialiNamespaces(
  reader: SourceReader,
  places: Array<{ namespace: string; cluster?: string }>,
): Promise<(cluster: string | undefined) => KialiNamespaceAnswers> {
  const clusters = [...new Set(places.map(p => p.cluster))];
  const answers = await Promise.all(
    clusters.map(async cluster => {
      const namespaces = places
        .filter(p => p.cluster === cluster)
        .map(p => p.namespace);
      const [tls, health] = await Promise.all([
        kialiTls(reader, namespaces, cluster),
        kialiHealth(reader, namespaces, cluster),
      ]);
      return { tls, health };
    }),
  );
  return cluster => answers[clusters.indexOf(cluster)];
}
