/*
 * The analyzer's deployed rules (`DEPLOYED_RULES`: a gateway's certificate outside its pods'
 * namespace, gateways of several environments serving one host on the same pods) on an existing
 * repository: each environment's kustomize overlay, the directory its Argo CD application deploys from
 * the entity's repository, rendered in process (`kustomizeBuild`) into the application's destination
 * namespace, and the environments that run on one cluster analyzed together, as the generator does
 * for the repositories it writes.
 */
import {
  analyzeDeployed,
  DEPLOYED_RULES,
  type Finding,
  type KubeObject,
} from '@meshport/plugin-service-mesh-common';
import { sourcesOf } from '../argocd';
import {
  inNamespace,
  kustomizationDirs,
  kustomizeBuild,
  type ManifestFile,
} from '../git';
import { clusterKey } from '../mesh';
import type { EntityTargets } from '../targets';
import type { ResolvedEnvironment } from './environments';
import type { SourceReader } from './reader';

/** `host/path` of a Git URL (https or scp-like ssh), lower case, without `.git`. */
function repositoryPath(url: string): string | undefined {
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(url);
  let parsed: URL;
  try {
    parsed = new URL(scp ? `ssh://${scp[1]}/${scp[2]}` : url);
  } catch {
    return undefined;
  }
  return `${parsed.hostname}${parsed.pathname}`
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
}

/**
 * The overlay an application deploys: among the tree's kustomization directories, the longest that its
 * source's path ends with, for a source in the repository the manifests were read from.
 */
function overlayOf(
  env: ResolvedEnvironment,
  dirs: string[],
  manifestsUrl: string,
): string | undefined {
  const tree = repositoryPath(manifestsUrl);
  const paths = sourcesOf(env.app!.spec)
    .filter(s => {
      const repo = s.repoURL && repositoryPath(s.repoURL);
      return repo && tree?.startsWith(`${repo}/`);
    })
    .map(s => (s.path ?? '').replace(/^\.?\/+|\/+$/g, ''));
  return dirs
    .filter(d => d && paths.some(p => p === d || p.endsWith(`/${d}`)))
    .sort((a, b) => b.length - a.length)[0];
}

/** An info finding for what the overlays use that Meshport does not render (a problem names its file first). */
const notRendered = (problem: string): Finding => ({
  rule: 'kustomize-not-rendered',
  severity: 'info',
  object: { kind: 'Kustomization', name: problem.split(/[: ]/)[0] },
  message: `${problem}; the findings across environments do not see what it would add or change.`,
  fix: 'Keep the overlays Argo CD deploys to resources, patches, namespace, namePrefix and nameSuffix, or check them with istioctl analyze on the rendered output.',
});

/**
 * The deployed rules' findings on the environments' rendered overlays, grouped by cluster; undefined
 * when no environment deploys an overlay of the manifests read (then the rules judge the files as
 * they are). `tree` is the files `manifests()` read.
 */
export function deployedFindings(
  reader: SourceReader,
  targets: EntityTargets,
  envs: ResolvedEnvironment[],
  tree: ManifestFile[],
): Finding[] | undefined {
  const location = targets.manifests!;
  const dirs = kustomizationDirs(tree);
  const deployed = envs.flatMap(env => {
    const overlay = env.app && overlayOf(env, dirs, location.target);
    return overlay ? [{ env, overlay }] : [];
  });
  if (deployed.length === 0) return undefined;
  const problems = new Set<string>();
  const byCluster = new Map<string, KubeObject[]>();
  for (const { env, overlay } of deployed) {
    const build = kustomizeBuild(tree, overlay);
    build.problems.forEach(p => problems.add(p));
    const objects = inNamespace(
      build.objects,
      env.app!.spec.destination?.namespace ?? env.namespace,
    );
    const cluster = clusterKey(
      env.app!.spec.destination,
      reader.sources.clusters ?? [],
    );
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), ...objects]);
  }
  return [
    ...[...byCluster.values()].flatMap(analyzeDeployed),
    ...[...problems].map(notRendered),
  ];
}

/** The findings with the deployed rules' judged on the rendered environments, when there are some. */
export function withDeployed(
  findings: Finding[],
  deployed: Finding[] | undefined,
): Finding[] {
  return deployed
    ? [...findings.filter(f => !DEPLOYED_RULES.includes(f.rule)), ...deployed]
    : findings;
}
