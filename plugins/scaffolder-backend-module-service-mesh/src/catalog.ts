/**
 * Catalog module for Meshport's local publishing: `backend.add(import('@meshport/plugin-scaffolder-backend-module-service-mesh/catalog'))`.
 *
 * @packageDocumentation
 */
export { catalogModuleServiceMeshLocalRepositories as default } from './catalogModule';
