/*
 * "Which Argo CD applications belong to this entity", once. Entity routes send the query to Argo CD
 * (answering it is the upstream's job); the overview, which lists every application once, and the
 * sandbox's simulated Argo CD match locally with the same rules.
 */
import {
  matchesLabelSelector,
  parseLabelSelector,
  type EntityTargets,
} from '../targets';
import type { ArgoAppQuery } from './ArgoCdClient';

/** The Argo CD part of an entity's annotations, validated. */
export type EntityArgoTargets = NonNullable<EntityTargets['argocd']>;

/** What the local matcher reads of an application. */
export interface ArgoAppIdentity {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: { project?: string };
}

/** The list query that asks an Argo CD instance for the entity's applications. */
export function entityAppQuery(argocd: EntityArgoTargets): ArgoAppQuery {
  return {
    ...(argocd.selector ? { selector: argocd.selector.text } : {}),
    ...(argocd.appName ? { name: argocd.appName } : {}),
    ...(argocd.project ? { project: argocd.project } : {}),
    ...(argocd.appNamespace ? { appNamespace: argocd.appNamespace } : {}),
  };
}

/** The instances the entity's applications may be on: those named in `argocd/instance-name`, else all. */
export function entityInstances<I extends { api: { instance: string } }>(
  argocd: Pick<EntityArgoTargets, 'instances'> | undefined,
  instances: readonly I[],
): I[] {
  const names = argocd?.instances;
  return instances.filter(i => !names || names.includes(i.api.instance));
}

/** A predicate that answers a list query locally, as Argo CD does: name, label selector, project, namespace. */
export function appQueryMatcher(
  query: ArgoAppQuery,
): (app: ArgoAppIdentity) => boolean {
  const requirements = query.selector ? parseLabelSelector(query.selector) : [];
  return app =>
    (!query.name || app.metadata.name === query.name) &&
    (!query.project || app.spec?.project === query.project) &&
    (!query.appNamespace || app.metadata.namespace === query.appNamespace) &&
    matchesLabelSelector(requirements, app.metadata.labels);
}
