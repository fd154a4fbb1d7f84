import { ServiceSpec } from '../spec/input';
import { catalogFile } from './catalog';
import { gatewayFiles } from './gateway';
import { gitopsFiles } from './gitops';
import { baseKustomization, overlayKustomization } from './kustomize';
import { meshFiles } from './mesh';
import { Models } from './models';
import { PlannedFile, RepoLocation } from './planned';
import { namespaceFile, workloadFiles } from './workload';

/**
 * Plans every file of the generated repository, in a fixed order: the base (workload and mesh layers
 * and its kustomization), each environment's overlay (its namespace, its gateway), the Argo CD files,
 * the catalog entity.
 */
export function planFiles(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
): PlannedFile[] {
  const base = [...workloadFiles(m, spec), ...meshFiles(m, spec)];
  const overlays = spec.environments.flatMap(env => {
    const overlay = [namespaceFile(m, env), ...gatewayFiles(m, spec, env)];
    return [...overlay, overlayKustomization(env, overlay)];
  });
  return [
    ...base,
    baseKustomization(base),
    ...overlays,
    ...gitopsFiles(m, spec, repo, [...base, ...overlays]),
    catalogFile(spec, repo),
  ];
}
