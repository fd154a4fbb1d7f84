/*
 * "Which Argo CD applications belong to this entity", once. Entity routes send the query to Argo CD
 * (answering it is the upstream's job); the overview, which lists every application once, and the
 * sandbox's simulated Argo CD match locally with the same rules. Matching is the entity author's
 * choice; BINDING is not: every path keeps only the applications `bindApps` says are bound, and refuses
 * the entity's Argo CD part when its query also matches applications that are not.
 */
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { ANNOTATION_APPLICATION_ENTITY_REF } from '@meshport/plugin-service-mesh-common';
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
    annotations?: Record<string, string>;
  };
  spec?: { project?: string };
}

/** The platform's access rule (`serviceMesh.access`), refs normalised. */
export interface AccessConfig {
  /** Owner entity ref → the Argo CD projects its entities' applications may be in; unset: any project. */
  ownerProjects?: Record<string, string[]>;
  /**
   * Read Kiali and Prometheus for a namespace an entity only declares (no bound application deploys
   * there). Off by default: an entity's author could name another team's namespace.
   */
  trustEntityNamespaces?: boolean;
}

/** What an application must carry to be bound to one entity. */
export interface AppBinding {
  /** The entity's ref, normalised (`normalizeEntityRef`). */
  entityRef: string;
  /** When the platform maps owners to projects: the projects of the entity's owner (none when unmapped). */
  projects?: readonly string[];
}

/**
 * An entity ref as the catalog compares refs: parsed, re-serialised and lower-cased; undefined when it
 * is not a ref. `defaults` completes a short ref (an owner `team-a` is `group:<namespace>/team-a`).
 */
export function normalizeEntityRef(
  ref: string,
  defaults: { defaultKind?: string; defaultNamespace?: string } = {},
): string | undefined {
  try {
    // The catalog lower-cases with toLocaleLowerCase('en-US'); English has no case rule of its own, so
    // the default mapping gives the same string without a locale lookup on every call (the overview
    // normalises a ref per entity per request: the lookup was 7 % of its warm CPU at N = 500).
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), defaults),
    ).toLowerCase();
  } catch {
    return undefined;
  }
}

/** The binding rule of an entity: its own ref, and its owner's projects when the platform maps them. */
export function entityBinding(
  entity: Entity,
  access: AccessConfig,
): AppBinding {
  const entityRef = normalizeEntityRef(stringifyEntityRef(entity))!;
  if (!access.ownerProjects) return { entityRef };
  const owner =
    typeof entity.spec?.owner === 'string'
      ? normalizeEntityRef(entity.spec.owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        })
      : undefined;
  return {
    entityRef,
    projects: (owner && access.ownerProjects[owner]) || [],
  };
}

/** The normalised refs of each application's binding annotation, parsed once per application object. */
const namedRefs = new WeakMap<ArgoAppIdentity, readonly string[]>();

/** The entity refs an application's `meshport.io/entity-ref` annotation names, normalised. */
function namedEntityRefs(app: ArgoAppIdentity): readonly string[] {
  let refs = namedRefs.get(app);
  if (!refs) {
    refs = (app.metadata.annotations?.[ANNOTATION_APPLICATION_ENTITY_REF] ?? '')
      .split(',')
      .flatMap(ref => normalizeEntityRef(ref) ?? []);
    namedRefs.set(app, refs);
  }
  return refs;
}

/**
 * True when the application names the entity in its `meshport.io/entity-ref` annotation (and, when the
 * platform maps owners to projects, sits in one of the owner's projects). The one decision every read
 * and action path relies on: the entity's author cannot write either into the Application.
 */
export function isBoundTo(app: ArgoAppIdentity, binding: AppBinding): boolean {
  const named = namedEntityRefs(app).includes(binding.entityRef);
  return (
    named &&
    (!binding.projects || binding.projects.includes(app.spec?.project ?? ''))
  );
}

/** Splits the applications an entity's query matched into those bound to it and a count of the others. */
export function bindApps<A extends ArgoAppIdentity>(
  apps: readonly A[],
  binding: AppBinding,
): { bound: A[]; foreign: number } {
  const bound = apps.filter(app => isBoundTo(app, binding));
  return { bound, foreign: apps.length - bound.length };
}

/**
 * Why an entity's Argo CD part is refused: its query matched applications that are not bound to it.
 * Names only the entity, its own annotation and a count — never the foreign applications or their data.
 */
export function refusal(
  argocd: EntityArgoTargets,
  binding: AppBinding,
  foreign: number,
): string {
  const annotation = argocd.selector
    ? 'argocd/app-selector'
    : 'argocd/app-name';
  const projects = binding.projects
    ? ` and its Argo CD project is one of the entity owner's (serviceMesh.access.ownerProjects)`
    : '';
  return `${annotation} of ${binding.entityRef} matches ${foreign} application${foreign === 1 ? '' : 's'} that ${foreign === 1 ? 'is' : 'are'} not bound to it: an Argo CD Application is shown for an entity only when its ${ANNOTATION_APPLICATION_ENTITY_REF} annotation names the entity${projects}`;
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

/** Name indexes of application lists, one per list object (a cached list is read as one object). */
const nameIndexes = new WeakMap<
  readonly ArgoAppIdentity[],
  Map<string, ArgoAppIdentity[]>
>();

/**
 * The applications of `apps` that a list query matches, as `appQueryMatcher` decides, in list order. A
 * query by name reads a name index of the list, built once per list, instead of testing every
 * application: the overview places N entities among M applications in O(N + M), not O(N × M).
 */
export function matchingApps<A extends ArgoAppIdentity>(
  query: ArgoAppQuery,
  apps: readonly A[],
): A[] {
  const matches = appQueryMatcher(query);
  if (!query.name) return apps.filter(matches);
  let index = nameIndexes.get(apps);
  if (!index) {
    index = new Map();
    for (const app of apps) {
      const named = index.get(app.metadata.name);
      if (named) named.push(app);
      else index.set(app.metadata.name, [app]);
    }
    nameIndexes.set(apps, index);
  }
  return ((index.get(query.name) ?? []) as A[]).filter(matches);
}
