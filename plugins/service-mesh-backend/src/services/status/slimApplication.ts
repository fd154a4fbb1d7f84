import { ANNOTATION_APPLICATION_ENTITY_REF } from '@meshport/plugin-service-mesh-common';
import {
  initiatorOf,
  slimOperation,
  slimSource,
  type ArgoAppField,
  type ArgoApplication,
  type ArgoResourceStatus,
} from '../argocd';

function isDeployment(r: ArgoResourceStatus): boolean {
  return r.kind === 'Deployment' && r.group === 'apps';
}

function slimResource(r: ArgoResourceStatus): ArgoResourceStatus {
  return {
    ...(r.group ? { group: r.group } : {}),
    kind: r.kind,
    ...(r.namespace ? { namespace: r.namespace } : {}),
    name: r.name,
    ...(r.status ? { status: r.status } : {}),
    ...(r.health?.status || r.health?.message
      ? {
          health: {
            ...(r.health.status ? { status: r.health.status } : {}),
            ...(r.health.message ? { message: r.health.message } : {}),
          },
        }
      : {}),
  };
}

/**
 * The metadata both cached shapes keep: name, namespace, labels (to match entities) and the one
 * annotation the binding (`isBoundTo`) reads.
 */
function slimMetadata(
  metadata: ArgoApplication['metadata'] | undefined,
): ArgoApplication['metadata'] {
  const binding = metadata?.annotations?.[ANNOTATION_APPLICATION_ENTITY_REF];
  return {
    name: metadata?.name as string,
    ...(metadata?.namespace ? { namespace: metadata.namespace } : {}),
    ...(metadata?.labels ? { labels: metadata.labels } : {}),
    ...(binding === undefined
      ? {}
      : { annotations: { [ANNOTATION_APPLICATION_ENTITY_REF]: binding } }),
  };
}

/**
 * The parts of an Argo CD application that the status, signals, overview and action routes read
 * (`mapApplication`, environments, deploy marks, the binding), and nothing else: other annotations,
 * managed fields, sync results and history sources make up most of a real application, and every
 * cached list is deserialized again on each read.
 */
export function slimApplication(app: ArgoApplication): ArgoApplication {
  const { metadata, spec, status } = app;
  const automated = spec?.syncPolicy?.automated;
  const operation = status?.operationState;
  const requested = slimOperation(operation?.operation);
  return {
    metadata: slimMetadata(metadata),
    // No spec is a bad answer that mapApplication reports; keep it missing.
    spec: spec && {
      ...(spec.project ? { project: spec.project } : {}),
      ...(spec.source ? { source: slimSource(spec.source) } : {}),
      ...(spec.sources ? { sources: spec.sources.map(slimSource) } : {}),
      destination: spec.destination && {
        ...(spec.destination.server ? { server: spec.destination.server } : {}),
        ...(spec.destination.namespace
          ? { namespace: spec.destination.namespace }
          : {}),
        ...(spec.destination.name ? { name: spec.destination.name } : {}),
      },
      ...(automated
        ? {
            syncPolicy: {
              automated: {
                ...(automated.prune !== undefined
                  ? { prune: automated.prune }
                  : {}),
                ...(automated.selfHeal !== undefined
                  ? { selfHeal: automated.selfHeal }
                  : {}),
                ...(automated.enabled !== undefined
                  ? { enabled: automated.enabled }
                  : {}),
              },
            },
          }
        : {}),
    },
    ...(status
      ? {
          status: {
            ...(status.sync
              ? {
                  sync: {
                    ...(status.sync.status
                      ? { status: status.sync.status }
                      : {}),
                    ...(status.sync.revision
                      ? { revision: status.sync.revision }
                      : {}),
                    ...(status.sync.revisions
                      ? { revisions: status.sync.revisions }
                      : {}),
                  },
                }
              : {}),
            ...(status.health ? { health: status.health } : {}),
            ...(operation
              ? {
                  operationState: {
                    ...(requested ? { operation: requested } : {}),
                    ...(operation.phase ? { phase: operation.phase } : {}),
                    ...(operation.message
                      ? { message: operation.message }
                      : {}),
                    ...(operation.startedAt
                      ? { startedAt: operation.startedAt }
                      : {}),
                    ...(operation.finishedAt
                      ? { finishedAt: operation.finishedAt }
                      : {}),
                    ...(operation.syncResult
                      ? {
                          syncResult: {
                            ...(operation.syncResult.revision
                              ? { revision: operation.syncResult.revision }
                              : {}),
                            ...(operation.syncResult.revisions
                              ? { revisions: operation.syncResult.revisions }
                              : {}),
                          },
                        }
                      : {}),
                  },
                }
              : {}),
            ...(status.history
              ? {
                  history: status.history.map(h => ({
                    id: h.id,
                    ...(h.revision !== undefined
                      ? { revision: h.revision }
                      : {}),
                    ...(h.revisions ? { revisions: h.revisions } : {}),
                    deployedAt: h.deployedAt,
                    ...(h.deployStartedAt
                      ? { deployStartedAt: h.deployStartedAt }
                      : {}),
                    ...(initiatorOf(h.initiatedBy)
                      ? { initiatedBy: h.initiatedBy }
                      : {}),
                  })),
                }
              : {}),
            ...(status.resources
              ? { resources: status.resources.map(slimResource) }
              : {}),
            ...(status.conditions
              ? {
                  conditions: status.conditions.map(c => ({
                    type: c.type,
                    message: c.message,
                  })),
                }
              : {}),
            ...(status.reconciledAt
              ? { reconciledAt: status.reconciledAt }
              : {}),
            ...(status.summary?.images
              ? { summary: { images: status.summary.images } }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * What {@link overviewApplication} reads, asked of Argo CD's list (its `fields` parameter), so that
 * Argo CD sends about a third of each application and the backend parses no more.
 */
export const OVERVIEW_APP_FIELDS: readonly ArgoAppField[] = [
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'spec.project',
  'spec.destination',
  'status.sync.status',
  'status.health',
  'status.resources',
];

/**
 * The parts of an Argo CD application an overview row reads: its name, labels, project and binding
 * annotation (to match entities), destination namespace, sync and health. A tenth of the status
 * shape, for the list of every application the overview caches and reads back on each call.
 */
export function overviewApplication(app: ArgoApplication): ArgoApplication {
  const { metadata, spec, status } = app;
  return {
    metadata: slimMetadata(metadata),
    spec: {
      ...(spec?.project ? { project: spec.project } : {}),
      destination: {
        ...(spec?.destination?.namespace
          ? { namespace: spec.destination.namespace }
          : {}),
        ...(spec?.destination?.name ? { name: spec.destination.name } : {}),
        ...(spec?.destination?.server
          ? { server: spec.destination.server }
          : {}),
      },
    },
    status: {
      ...(status?.sync?.status ? { sync: { status: status.sync.status } } : {}),
      ...(status?.health?.status
        ? { health: { status: status.health.status } }
        : {}),
      // Where the workload really runs (`namespaceOf`): the Deployments only.
      ...(status?.resources?.some(isDeployment)
        ? {
            resources: status.resources.filter(isDeployment).map(r => ({
              group: r.group,
              kind: r.kind,
              ...(r.namespace ? { namespace: r.namespace } : {}),
              name: r.name,
            })),
          }
        : {}),
    },
  };
}
