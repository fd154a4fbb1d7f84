/**
 * Shared annotations, permissions, wire types and the Istio manifest analyzer of the Meshport
 * service-mesh plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './argocd';
export * from './topology';
export * from './analyzer';
export * from './kubernetes';
export * from './istio';
export * from './gitops';
