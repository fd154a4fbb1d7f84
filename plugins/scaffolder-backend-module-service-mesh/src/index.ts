/**
 * Scaffolder actions that generate a GitOps repository for an Istio-meshed service.
 *
 * @packageDocumentation
 */
export { scaffolderModuleServiceMesh as default } from './module';
export {
  createGenerateServiceAction,
  GENERATE_ACTION_ID,
} from './actions/generate';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './actions/publishLocal';
export {
  createRegisterLocalAction,
  REGISTER_LOCAL_ACTION_ID,
} from './actions/registerLocal';
export { readServiceMeshScaffolderConfig } from './config';
export type { ServiceMeshScaffolderConfig } from './config';
export { LocalRepoStore } from './localRepo/LocalRepoStore';
export type { LocalRepo } from './localRepo/LocalRepoStore';
export {
  generateAndValidate,
  generateService,
  GeneratedObjectInvalidError,
} from './generator';
export type {
  GeneratedFile,
  GeneratedService,
  RepoLocation,
} from './generator';
export { validateServiceInput, ServiceInputError } from './spec/input';
export type { ServiceInput, ServiceSpec } from './spec/input';
export { catalogModuleServiceMeshLocalRepositories } from './catalogModule';
export { LocalRepositoryEntityProvider } from './localRepo/LocalRepositoryEntityProvider';
