export { ArgoCdClient, argoAppUrl } from './ArgoCdClient';
export type { ArgoCdApi, ArgoAppQuery } from './ArgoCdClient';
export { mapApplication, environmentOf, HISTORY_LIMIT } from './mapApplication';
export type * from './types';
