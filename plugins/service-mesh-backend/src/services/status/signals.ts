import type {
  EntitySignalsResponse,
  GoldenSignals,
  SignalRange,
} from '@meshport/plugin-service-mesh-common';
import type { ArgoApplication } from '../argocd';
import { SIGNAL_RANGES } from '../prometheus';
import {
  findEnvironment,
  resolveEnvironments,
  unverifiedRead,
  type BoundTargets,
} from './environments';
import { mapResult, prometheusSignals, type SourceReader } from './reader';

/** The deploys of an application since `sinceMs`, oldest first: the marks on the charts. */
function deploysSince(
  app: ArgoApplication | undefined,
  sinceMs: number,
): GoldenSignals['deploys'] {
  return (app?.status?.history ?? [])
    .filter(h => Date.parse(h.deployedAt) >= sinceMs)
    .sort((a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt))
    .map(h => ({
      at: h.deployedAt,
      revision: h.revision ?? h.revisions?.[0] ?? '',
    }));
}

/**
 * `GET /entities/.../signals`: golden-signal series of one environment (the first when none is named),
 * with its deploys marked.
 */
export async function entitySignals(
  reader: SourceReader,
  targets: BoundTargets,
  environment: string | undefined,
  range: SignalRange,
): Promise<EntitySignalsResponse> {
  const envs = await resolveEnvironments(reader, targets);
  const env = findEnvironment(envs, environment, targets.entityRef);
  const { stepSec, rangeSec } = SIGNAL_RANGES[range];
  const nowSec = Math.floor(Date.now() / 1000);
  const result =
    unverifiedRead(reader, env, 'prometheus') ??
    (await prometheusSignals(
      reader,
      {
        namespace: env.namespace,
        workload: env.workload,
        ...(env.cluster?.prometheus ? { cluster: env.cluster.prometheus } : {}),
      },
      range,
      nowSec,
      Math.floor(nowSec / stepSec),
    ));
  const deploys = deploysSince(env.app, (nowSec - rangeSec) * 1000);
  return {
    entityRef: targets.entityRef,
    environment: env.name,
    environmentId: env.id,
    sandbox: reader.sandbox,
    signals: mapResult(result, data => ({ ...data, deploys })),
  };
}
