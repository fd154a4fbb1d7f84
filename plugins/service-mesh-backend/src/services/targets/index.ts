export {
  readEntityTargets,
  checkDnsLabel,
  meshedEntitiesFilter,
} from './entityTargets';
export type { EntityTargets } from './entityTargets';
export {
  parseLabelSelector,
  formatLabelSelector,
  matchesLabelSelector,
  isLabelKey,
  isLabelValue,
} from './labelSelector';
export type { LabelRequirement } from './labelSelector';
