export {
  UrlReaderManifestSource,
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_FILES,
} from './ManifestSource';
export type { ManifestFile, ManifestSource } from './ManifestSource';
export type { ManifestsLocation } from './manifestsPolicy';
export { inNamespace, kustomizationDirs, kustomizeBuild } from './kustomize';
export type { KustomizeBuild } from './kustomize';
