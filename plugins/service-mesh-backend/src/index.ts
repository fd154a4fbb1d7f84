/**
 * Meshport status API: Argo CD, mTLS and golden signals per catalog entity.
 *
 * @packageDocumentation
 */
export { serviceMeshPlugin as default } from './plugin';
export { SANDBOX_ARGOCD_PATH } from './sandboxArgoCdRouter';
