/**
 * Scaffolder actions that generate a GitOps repository for an Istio-meshed service.
 * Test and benchmark hooks are in `./testUtils`; the catalog module for local publishing in `./catalog`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleServiceMesh as default } from './module';
export {
  createGenerateServiceAction,
  GENERATE_ACTION_ID,
} from './actions/generate';
export {
  createGeneratePlatformAction,
  GENERATE_PLATFORM_ACTION_ID,
} from './actions/generatePlatform';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './actions/publishLocal';
export {
  createRegisterLocalAction,
  REGISTER_LOCAL_ACTION_ID,
} from './actions/registerLocal';
export {
  createRollbackAction,
  ROLLBACK_ACTION_ID,
} from './actions/gitopsRollback';
export { createCanaryActions, CANARY_ACTION_IDS } from './actions/canary';
export { readServiceMeshScaffolderConfig } from './config';
export type { ServiceMeshScaffolderConfig } from './config';
export { LocalRepoStore } from './localRepo/LocalRepoStore';
export type { LocalRepo } from './localRepo/LocalRepoStore';
