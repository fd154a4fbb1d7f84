import {
  ArgoAppStatus,
  ArgoResource,
  HealthStatus,
  LABEL_ENVIRONMENT,
  OperationPhase,
  SyncStatus,
} from '@meshport/plugin-service-mesh-common';
import { argoAppUrl } from './ArgoCdClient';
import { argoSource, initiatorOf, sourcesOf } from './sources';
import type {
  ArgoApplication,
  ArgoApplicationTree,
  ArgoOperationInitiator,
} from './types';

const SYNC: SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];
const HEALTH: HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
const PHASES: OperationPhase[] = [
  'Running',
  'Succeeded',
  'Failed',
  'Error',
  'Terminating',
];

function oneOf<T extends string>(values: T[], value: unknown, fallback: T): T {
  return values.includes(value as T) ? (value as T) : fallback;
}

function withInitiator(initiator: ArgoOperationInitiator | undefined) {
  const initiatedBy = initiatorOf(initiator);
  return initiatedBy ? { initiatedBy } : {};
}

/** What an operation syncs to: what it was asked for, else what its result says. */
function operationRevisions(
  operation: NonNullable<
    NonNullable<ArgoApplication['status']>['operationState']
  >,
) {
  const revision =
    operation.operation?.sync?.revision || operation.syncResult?.revision;
  const revisions =
    operation.operation?.sync?.revisions ?? operation.syncResult?.revisions;
  return {
    ...(revision ? { revision } : {}),
    ...(revisions?.length ? { revisions } : {}),
  };
}

/** How many history entries the status keeps (newest first). */
export const HISTORY_LIMIT = 10;

/** The environment an application deploys: its `meshport.io/environment` label, else its name. */
export function environmentOf(app: ArgoApplication): string {
  return app.metadata.labels?.[LABEL_ENVIRONMENT] || app.metadata.name;
}

/** The app's sync status, `Unknown` for anything Argo CD may add later. */
export function syncStatusOf(app: ArgoApplication): SyncStatus {
  return oneOf(SYNC, app.status?.sync?.status, 'Unknown');
}

/** The app's health status, `Unknown` for anything Argo CD may add later. */
export function healthStatusOf(app: ArgoApplication): HealthStatus {
  return oneOf(HEALTH, app.status?.health?.status, 'Unknown');
}

/**
 * Maps an Argo CD application (and its resource tree, which carries per-resource health since Argo CD 3)
 * to Meshport's `ArgoAppStatus`. Multi-source apps (`spec.sources`) are handled the same as single-source.
 */
export function mapApplication(
  app: ArgoApplication,
  tree: ArgoApplicationTree | undefined,
  instance: { name: string; url: string },
): ArgoAppStatus {
  if (!app?.metadata?.name || !app.spec) {
    throw new TypeError('an application has no metadata.name or spec');
  }
  const status = app.status ?? {};
  const sources = sourcesOf(app.spec).map(argoSource);

  const treeHealth = new Map<string, { status?: string; message?: string }>();
  for (const node of tree?.nodes ?? []) {
    if (node.health) {
      treeHealth.set(
        `${node.group ?? ''}/${node.kind}/${node.namespace ?? ''}/${node.name}`,
        node.health,
      );
    }
  }
  const resources: ArgoResource[] = (status.resources ?? []).map(r => {
    const health =
      treeHealth.get(
        `${r.group ?? ''}/${r.kind}/${r.namespace ?? ''}/${r.name}`,
      ) ?? r.health;
    return {
      ...(r.group ? { group: r.group } : {}),
      kind: r.kind,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name,
      ...(r.status ? { syncStatus: r.status } : {}),
      ...(health?.status
        ? { health: oneOf(HEALTH, health.status, 'Unknown') }
        : {}),
      ...(health?.message ? { healthMessage: health.message } : {}),
    };
  });

  const operation = status.operationState;
  const automated = app.spec.syncPolicy?.automated;
  const history = [...(status.history ?? [])]
    .sort((a, b) => b.id - a.id)
    .slice(0, HISTORY_LIMIT)
    .map(h => ({
      id: h.id,
      revision: h.revision ?? h.revisions?.[0] ?? '',
      ...(h.revisions ? { revisions: h.revisions } : {}),
      deployedAt: h.deployedAt,
      ...(h.deployStartedAt ? { deployStartedAt: h.deployStartedAt } : {}),
      ...withInitiator(h.initiatedBy),
    }));

  return {
    instance: instance.name,
    name: app.metadata.name,
    ...(app.metadata.namespace ? { appNamespace: app.metadata.namespace } : {}),
    ...(app.spec.project ? { project: app.spec.project } : {}),
    environment: environmentOf(app),
    destination: { ...app.spec.destination },
    sources,
    sync: {
      status: syncStatusOf(app),
      ...(status.sync?.revision ? { revision: status.sync.revision } : {}),
      ...(status.sync?.revisions ? { revisions: status.sync.revisions } : {}),
    },
    health: {
      status: healthStatusOf(app),
      ...(status.health?.message ? { message: status.health.message } : {}),
    },
    ...(operation?.phase
      ? {
          operation: {
            phase: oneOf(PHASES, operation.phase, 'Error'),
            ...(operation.message ? { message: operation.message } : {}),
            ...(operation.startedAt ? { startedAt: operation.startedAt } : {}),
            ...(operation.finishedAt
              ? { finishedAt: operation.finishedAt }
              : {}),
            ...operationRevisions(operation),
            ...withInitiator(operation.operation?.initiatedBy),
          },
        }
      : {}),
    ...(operation?.finishedAt || history[0]?.deployedAt
      ? { lastSyncedAt: operation?.finishedAt ?? history[0].deployedAt }
      : {}),
    ...(status.reconciledAt ? { reconciledAt: status.reconciledAt } : {}),
    automated: {
      // Argo CD 3 has `automated.enabled`; older apps mean "on" by the block's presence.
      enabled: Boolean(automated) && automated?.enabled !== false,
      prune: Boolean(automated?.prune),
      selfHeal: Boolean(automated?.selfHeal),
    },
    history,
    unhealthyResources: resources.filter(
      r =>
        (r.health !== undefined && r.health !== 'Healthy') ||
        (r.syncStatus !== undefined && r.syncStatus !== 'Synced'),
    ),
    resourceCount: resources.length,
    conditions: (status.conditions ?? []).map(c => ({
      type: c.type,
      message: c.message,
    })),
    images: status.summary?.images ?? [],
    url: argoAppUrl(instance.url, app.metadata.name, app.metadata.namespace),
  };
}
