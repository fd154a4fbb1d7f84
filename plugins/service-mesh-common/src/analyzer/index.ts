export { analyzeManifests } from './analyzeManifests';
export { parseManifests } from './parseManifests';
export { ANALYZER_RULES } from './rules';
export type { KubeObject } from './types';
