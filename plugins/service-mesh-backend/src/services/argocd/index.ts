export { ArgoCdClient, argoAppUrl } from './ArgoCdClient';
export type { ArgoCdApi, ArgoAppField, ArgoAppQuery } from './ArgoCdClient';
export {
  appQueryMatcher,
  matchingApps,
  bindApps,
  entityAppQuery,
  entityBinding,
  entityInstances,
  isBoundTo,
  normalizeEntityRef,
  refusal,
} from './entityApps';
export type {
  AccessConfig,
  AppBinding,
  ArgoAppIdentity,
  EntityArgoTargets,
} from './entityApps';
export {
  mapApplication,
  environmentOf,
  healthStatusOf,
  syncStatusOf,
  HISTORY_LIMIT,
} from './mapApplication';
export { checkRevision } from './revision';
export {
  argoSource,
  initiatorOf,
  slimOperation,
  slimSource,
  sourceSelectorOf,
  sourcesOf,
} from './sources';
export type { SourceSelector } from './sources';
export type * from './types';
