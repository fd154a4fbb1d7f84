import { RepoLocation } from '../generator';
import { MANIFESTS_DIR } from '../layout';
import { LocalRepoStore } from '../localRepo/LocalRepoStore';
import { ServiceSpec } from '../spec/input';

/** Where the generated repository will be: a remote https repository, or a local one from the store. */
export function repoLocation(
  spec: Pick<
    ServiceSpec,
    'targetPath' | 'repoUrl' | 'targetRevision' | 'localRepository'
  >,
  store: LocalRepoStore,
): RepoLocation {
  const prefix =
    spec.targetPath === '.'
      ? ''
      : `${spec.targetPath.replace(/^\.\/|\/+$/g, '')}/`;
  if (spec.repoUrl) {
    const web = spec.repoUrl.replace(/\.git$/, '');
    const tree = `${web}/tree/${spec.targetRevision}/`;
    return {
      cloneUrl: spec.repoUrl,
      sourceLocation: `url:${tree}${prefix}`,
      manifestsLocation: `url:${tree}${prefix}${MANIFESTS_DIR}`,
    };
  }
  const local = store.locate(spec.localRepository!);
  return {
    cloneUrl: local.cloneUrl,
    manifestsLocation: `file:${local.directory}/${prefix}${MANIFESTS_DIR}`,
  };
}
