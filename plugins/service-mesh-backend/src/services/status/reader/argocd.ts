import type {
  ArgoAppQuery,
  ArgoApplication,
  ArgoApplicationTree,
  ArgoRevisionMetadata,
  SourceSelector,
} from '../../argocd';
import {
  OVERVIEW_APP_FIELDS,
  overviewApplication,
  slimApplication,
} from '../slimApplication';
import type { ArgoInstance } from '../sources';
import type { CachedCall } from './SourceReader';

/** The applications matching a list query, in the shape the status reads (cached per query). */
export function appList(
  instance: ArgoInstance,
  query: ArgoAppQuery,
): CachedCall<ArgoApplication[]> {
  return {
    source: 'argocd',
    instance: instance.api.instance,
    key: `argocd:${instance.api.instance}:list:${JSON.stringify(query)}`,
    load: async () =>
      (await instance.api.listApplications(query)).map(slimApplication),
  };
}

/** Every application of an instance, in the overview's shape (only those fields asked of Argo CD). */
export function overviewApps(
  instance: ArgoInstance,
): CachedCall<ArgoApplication[]> {
  return {
    source: 'argocd',
    instance: instance.api.instance,
    key: `argocd:${instance.api.instance}:overview`,
    load: async () =>
      (await instance.api.listApplications({}, OVERVIEW_APP_FIELDS)).map(
        overviewApplication,
      ),
  };
}

/** The live resource tree of an application (resource health). */
export function resourceTree(
  instance: ArgoInstance,
  app: ArgoApplication,
): CachedCall<ArgoApplicationTree> {
  const { name, namespace } = app.metadata;
  return {
    source: 'argocd',
    instance: instance.api.instance,
    key: `argocd:${instance.api.instance}:tree:${namespace ?? ''}/${name}`,
    load: () => instance.api.resourceTree(name, namespace),
  };
}

/** Author, date, message and tags of one revision of an application. */
export function revisionMetadata(
  instance: ArgoInstance,
  app: ArgoApplication,
  revision: string,
  source?: SourceSelector,
): CachedCall<ArgoRevisionMetadata> {
  const { name, namespace } = app.metadata;
  const where = source
    ? `:${source.sourceIndex}:${source.versionId ?? ''}`
    : '';
  return {
    source: 'argocd',
    instance: instance.api.instance,
    key: `argocd:${instance.api.instance}:revision:${namespace ?? ''}/${name}:${revision}${where}`,
    load: () =>
      instance.api.revisionMetadata(name, revision, namespace, source),
  };
}
