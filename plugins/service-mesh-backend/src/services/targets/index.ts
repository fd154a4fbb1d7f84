export {
  readEntityTargets,
  meshedEntitiesFilter,
  MESHED_ENTITY_FIELDS,
} from './entityTargets';
export type { EntityTargets } from './entityTargets';
export { CallerEntities } from './CallerEntities';
export {
  parseLabelSelector,
  formatLabelSelector,
  matchesLabelSelector,
} from './labelSelector';
export type { LabelRequirement } from './labelSelector';
