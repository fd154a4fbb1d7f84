import {
  analyzeManifests,
  parseManifests,
  type Finding,
  type KubeObject,
  type SourceResult,
} from '@meshport/plugin-service-mesh-common';
import type { ManifestFile } from '../../git';
import type { EntityTargets } from '../../targets';
import { mapResult, notConfigured, type SourceReader } from './SourceReader';

/** The entity's manifests as objects, with the analyzer's findings (and the files they came from). */
export interface ManifestAnalysis {
  files: ManifestFile[];
  objects: KubeObject[];
  findings: Finding[];
}

function analyze(files: ManifestFile[]): ManifestAnalysis {
  const objects: KubeObject[] = [];
  const unparsable: Finding[] = [];
  for (const file of files) {
    try {
      objects.push(...parseManifests(file.text));
    } catch (error) {
      unparsable.push({
        rule: 'manifest-unparsable',
        severity: 'info',
        object: { kind: 'File', name: file.path },
        message: `${file.path} is not plain Kubernetes YAML and was skipped: ${(error as Error).message}`,
        fix: 'Keep rendered manifests (or kustomize bases) under meshport.io/manifests; templates cannot be analyzed.',
      });
    }
  }
  return {
    files,
    objects,
    findings: [...analyzeManifests(objects), ...unparsable],
  };
}

/** Reads and analyzes the entity's manifests from Git (or the sandbox). */
export async function manifests(
  reader: SourceReader,
  targets: EntityTargets,
): Promise<SourceResult<ManifestAnalysis>> {
  const location = targets.manifests;
  if (!location) {
    return notConfigured(
      'git',
      'annotate the entity with meshport.io/manifests or backstage.io/source-location',
    );
  }
  if (location.type === 'file' && !reader.sandbox) {
    return notConfigured(
      'git',
      `the manifests are in a local repository (file:${location.target}); Meshport reads only url: locations, through the URL readers`,
    );
  }
  // Before the cache: manifests read for one entity must not be served to another that may not read them.
  const refusal = reader.sources.manifests.refusal(location);
  if (refusal) {
    return reader.tagged({
      source: 'git',
      state: 'not-configured',
      message: refusal,
    });
  }
  const files = await reader.read({
    source: 'git',
    key: `git:manifests:${location.target}`,
    load: () => reader.sources.manifests.read(location.target),
  });
  return mapResult(files, analyze);
}
