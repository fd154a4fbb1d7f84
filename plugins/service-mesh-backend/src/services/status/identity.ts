import { appIdentity, type AppIdentity } from '../mesh';
import type { BoundTargets, ResolvedEnvironment } from './environments';
import { kialiWorkload, manifests, type SourceReader } from './reader';

/**
 * The app and Service of an environment's workload, from the same (cached) manifests and Kiali
 * workload reads the status uses, decided by `appIdentity`; a failed read only narrows the evidence.
 */
export async function workloadIdentity(
  reader: SourceReader,
  targets: BoundTargets,
  env: ResolvedEnvironment,
): Promise<AppIdentity> {
  const [git, kiali] = await Promise.all([
    manifests(reader, targets),
    kialiWorkload(reader, env, env.cluster?.kiali),
  ]);
  return appIdentity({
    namespace: env.namespace,
    workload: env.workload,
    manifests: git.data?.objects,
    kialiLabels: kiali?.state === 'ok' ? kiali.data?.labels : undefined,
  });
}
