export { ArgoCdClient, argoAppUrl } from './ArgoCdClient';
export type { ArgoCdApi, ArgoAppQuery } from './ArgoCdClient';
export {
  mapApplication,
  environmentOf,
  healthStatusOf,
  syncStatusOf,
  HISTORY_LIMIT,
} from './mapApplication';
export type * from './types';
