import { ANNOTATION_APPLICATION_ENTITY_REF } from '@meshport/plugin-service-mesh-common';
import type {
  ArgoApplication,
  ArgoApplicationSource,
  ArgoResourceStatus,
} from '../argocd';

function slimSource(s: ArgoApplicationSource): ArgoApplicationSource {
  return {
    repoURL: s.repoURL,
    ...(s.path !== undefined ? { path: s.path } : {}),
    ...(s.targetRevision !== undefined
      ? { targetRevision: s.targetRevision }
      : {}),
    ...(s.chart !== undefined ? { chart: s.chart } : {}),
  };
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

/** The one annotation kept: the binding (`isBoundTo`) reads it from the cached shapes. */
function bindingAnnotation(
  metadata: ArgoApplication['metadata'] | undefined,
): Pick<ArgoApplication['metadata'], 'annotations'> {
  const value = metadata?.annotations?.[ANNOTATION_APPLICATION_ENTITY_REF];
  return value === undefined
    ? {}
    : { annotations: { [ANNOTATION_APPLICATION_ENTITY_REF]: value } };
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
  return {
    metadata: {
      name: metadata?.name,
      ...(metadata?.namespace ? { namespace: metadata.namespace } : {}),
      ...(metadata?.labels ? { labels: metadata.labels } : {}),
      ...bindingAnnotation(metadata),
    },
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
                    ...(h.initiatedBy ? { initiatedBy: h.initiatedBy } : {}),
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
 * The parts of an Argo CD application an overview row reads: its name, labels, project and binding
 * annotation (to match entities), destination namespace, sync and health. A tenth of the status
 * shape, for the list of every application the overview caches and reads back on each call.
 */
export function overviewApplication(app: ArgoApplication): ArgoApplication {
  const { metadata, spec, status } = app;
  return {
    metadata: {
      name: metadata?.name,
      ...(metadata?.namespace ? { namespace: metadata.namespace } : {}),
      ...(metadata?.labels ? { labels: metadata.labels } : {}),
      ...bindingAnnotation(metadata),
    },
    spec: {
      ...(spec?.project ? { project: spec.project } : {}),
      destination: spec?.destination?.namespace
        ? { namespace: spec.destination.namespace }
        : {},
    },
    status: {
      ...(status?.sync?.status ? { sync: { status: status.sync.status } } : {}),
      ...(status?.health?.status
        ? { health: { status: status.health.status } }
        : {}),
    },
  };
}
