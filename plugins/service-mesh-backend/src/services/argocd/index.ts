export { ArgoCdClient, argoAppUrl } from './ArgoCdClient';
export type { ArgoCdApi, ArgoAppQuery } from './ArgoCdClient';
export { appQueryMatcher, entityAppQuery, entityInstances } from './entityApps';
export type { ArgoAppIdentity, EntityArgoTargets } from './entityApps';
export {
  mapApplication,
  environmentOf,
  healthStatusOf,
  syncStatusOf,
  HISTORY_LIMIT,
} from './mapApplication';
export { checkRevision } from './revision';
export type * from './types';
