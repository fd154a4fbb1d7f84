import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  MeshOverview,
  OverviewRow,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  bindApps,
  entityAppQuery,
  entityInstances,
  environmentOf,
  healthStatusOf,
  matchingApps,
  syncStatusOf,
  type ArgoApplication,
} from '../argocd';
import { clusterOf, mtlsVerdict, type MeshCluster } from '../mesh';
import { NO_OBSERVED_MTLS, workloadKey } from '../prometheus';
import {
  byEnvironment,
  environmentId,
  namespaceOf,
  unverifiedNamespace,
  type BoundTargets,
} from './environments';
import {
  argocdCalls,
  kialiTls,
  mapResult,
  notConfigured,
  prometheusOverview,
  reportedMtls,
  withoutData,
  type SourceReader,
} from './reader';

/** A row before the signals and the mTLS verdict are known. */
export type RowBase = Omit<
  OverviewRow,
  'mtls' | 'requestsPerSecond' | 'errorRatio' | 'latencyP99Ms'
>;

/** A row with the configured cluster of its app, and whether its namespace is the entity's own word. */
export interface PlacedRow {
  row: RowBase;
  /** The app's cluster (`serviceMesh.clusters`); none in one cluster or for an unlisted destination. */
  cluster?: MeshCluster;
  /** No bound application: the namespace comes from the entity's annotations, and is not read. */
  unverified: boolean;
}

/**
 * The entity's applications among every instance's list: the same rules Argo CD applies to the query,
 * then the binding. None when the query also matches applications not bound to the entity (the entity
 * page says why; the row shows no Argo CD data).
 */
function entityApps(
  targets: BoundTargets,
  reader: SourceReader,
  lists: Array<SourceResult<ArgoApplication[]>>,
): InstanceApp[] {
  if (!targets.argocd) return [];
  const query = entityAppQuery(targets.argocd);
  const mine = new Set(entityInstances(targets.argocd, reader.sources.argocd));
  const candidates = reader.sources.argocd.flatMap((instance, i) =>
    mine.has(instance)
      ? matchingApps(query, lists[i].data ?? []).map(app => ({
          instance: instance.api.instance,
          app,
        }))
      : [],
  );
  const { bound, foreign } = bindApps(
    candidates.map(c => c.app),
    targets.binding,
  );
  return foreign > 0 ? [] : candidates.filter(c => bound.includes(c.app));
}

/** An application with the name of the Argo CD instance it was listed by. */
interface InstanceApp {
  instance: string;
  app: ArgoApplication;
}

/** One row per environment of the entity (one `default` row when no application matched). */
function rowsOf(
  entity: Entity,
  targets: BoundTargets,
  apps: InstanceApp[],
): RowBase[] {
  const base = {
    entityRef: targets.entityRef,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(typeof entity.spec?.owner === 'string'
      ? { owner: entity.spec.owner }
      : {}),
    ...(typeof entity.spec?.system === 'string'
      ? { system: entity.spec.system }
      : {}),
    workload: targets.workload,
  };
  if (apps.length === 0) {
    return [
      {
        ...base,
        id: 'default',
        environment: 'default',
        namespace: namespaceOf(undefined, targets),
      },
    ];
  }
  return apps.map(({ instance, app }) => ({
    ...base,
    id: environmentId(instance, app),
    environment: environmentOf(app),
    instance,
    ...(app.spec.destination?.name
      ? { cluster: app.spec.destination.name }
      : {}),
    namespace: namespaceOf(app, targets),
    sync: syncStatusOf(app),
    health: healthStatusOf(app),
  }));
}

/**
 * Every entity in its environments, as the overview, the mesh graph and the topology place them: one
 * Argo CD list per instance (started before the entities are awaited), then each entity's bound
 * applications, in the order of the rows.
 */
export async function placeRows(
  reader: SourceReader,
  entities: Entity[] | Promise<Entity[]>,
  targetsOf: (entity: Entity) => BoundTargets,
  logger: LoggerService,
): Promise<{
  lists: Array<SourceResult<ArgoApplication[]>>;
  placed: PlacedRow[];
}> {
  // Settled results: they never reject, even when the catalog query does.
  const allLists = Promise.all(
    reader.sources.argocd.map(i => reader.read(argocdCalls.overviewApps(i))),
  );
  const valid: Array<{ entity: Entity; targets: BoundTargets }> = [];
  for (const entity of await entities) {
    try {
      valid.push({ entity, targets: targetsOf(entity) });
    } catch (error) {
      logger.warn(`Overview skips an entity: ${(error as Error).message}`);
    }
  }
  const lists = await allLists;
  // Each row with the configured cluster of its app (rowsOf keeps the apps' order); none in one cluster.
  const placed = valid.flatMap(({ entity, targets }) => {
    const apps = entityApps(targets, reader, lists);
    return rowsOf(entity, targets, apps).map((row, i) => {
      const cluster = clusterOf(
        apps[i]?.app.spec?.destination,
        reader.sources.clusters ?? [],
      );
      return {
        row,
        unverified:
          apps.length === 0 &&
          unverifiedNamespace(targets, row.namespace) !== undefined,
        ...(cluster ? { cluster } : {}),
      };
    });
  });
  return { lists, placed };
}

/**
 * `GET /overview`: one Argo CD list per instance, four Prometheus queries over all namespaces (sent
 * alongside the lists), one Kiali TLS call for all namespaces — however many entities. The caller
 * passes only entities it may read; passing the pending catalog query lets the upstream calls, which
 * do not depend on the entities, run while the catalog answers.
 */
export async function overview(
  reader: SourceReader,
  entities: Entity[] | Promise<Entity[]>,
  targetsOf: (entity: Entity) => BoundTargets,
  logger: LoggerService,
): Promise<MeshOverview> {
  // Neither the PromQL nor the Argo CD lists depend on the entities or on each other: all start now.
  const signals = prometheusOverview(reader);
  const { lists, placed } = await placeRows(
    reader,
    entities,
    targetsOf,
    logger,
  );
  // One Kiali TLS call per Kiali cluster the rows name (one call in one cluster).
  const kialiClusters = [...new Set(placed.map(p => p.cluster?.kiali))];
  const [overviewSignals, tlsByCluster] = await Promise.all([
    signals,
    Promise.all(
      kialiClusters.map(cluster =>
        kialiTls(
          reader,
          placed
            .filter(p => p.cluster?.kiali === cluster && !p.unverified)
            .map(p => p.row.namespace),
          cluster,
        ),
      ),
    ),
  ]);
  const notDeclared = notConfigured<never>(
    'git',
    'the overview does not read Git',
  );
  return {
    sandbox: reader.sandbox,
    rows: placed
      .map(({ row, cluster, unverified }) => {
        const values =
          overviewSignals.state === 'ok' && !unverified
            ? overviewSignals.data?.[
                workloadKey({ ...row, cluster: cluster?.prometheus })
              ]
            : undefined;
        const tls = tlsByCluster[kialiClusters.indexOf(cluster?.kiali)];
        const observed = mapResult(
          overviewSignals,
          () => values?.observedMtls ?? { ...NO_OBSERVED_MTLS },
        );
        const { status } = mtlsVerdict(
          notDeclared,
          reportedMtls(tls, row.namespace),
          observed,
        );
        return {
          ...row,
          mtls: unverified ? 'unknown' : status.verdict,
          requestsPerSecond: values?.requestsPerSecond ?? null,
          errorRatio: values?.errorRatio ?? null,
          latencyP99Ms: values?.latencyP99Ms ?? null,
        };
      })
      .sort(
        (a, b) =>
          a.entityRef.localeCompare(b.entityRef) ||
          byEnvironment({ name: a.environment }, { name: b.environment }) ||
          a.id.localeCompare(b.id),
      ),
    sources: [...lists, overviewSignals, ...tlsByCluster].map(r =>
      withoutData<null>(r),
    ),
    generatedAt: new Date().toISOString(),
  };
}
