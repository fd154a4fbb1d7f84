export { createGitOpsService } from './createGitOpsService';
export { createCanaryAnalyzer, sandboxCanaryAnalyzer } from './canaryAnalyzer';
export type { CanaryAnalyzer } from './canaryAnalyzer';
export { entityRepository } from './entityRepository';
export type {
  CanaryStepInput,
  GitOpsActor,
  GitOpsService,
  RollbackInput,
} from './types';
