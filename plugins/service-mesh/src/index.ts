/**
 * Meshport entity tab, cards and mesh overview page.
 *
 * @packageDocumentation
 */
export { serviceMeshPlugin } from './plugin';
export { isServiceMeshAvailable } from '@meshport/plugin-service-mesh-common';
