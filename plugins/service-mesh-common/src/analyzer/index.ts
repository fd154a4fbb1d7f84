export {
  analyzeDeployed,
  analyzeManifests,
  DEPLOYED_RULES,
} from './analyzeManifests';
export { parseManifests } from './parseManifests';
export { ANALYZER_RULES } from './rules';
export type { KubeObject } from './types';
