/**
 * Scaffolder actions that generate a GitOps repository for an Istio-meshed service.
 *
 * @packageDocumentation
 */
export { scaffolderModuleServiceMesh as default } from './module';
