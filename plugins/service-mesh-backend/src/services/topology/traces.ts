import type { EntityTracesResponse } from '@meshport/plugin-service-mesh-common';
import { jaegerServiceName } from '../jaeger';
import type { BoundTargets } from '../status/environments';
import type { SourceReader } from '../status/reader';
import { traceSummaries } from './calls';
import { environmentOf } from './environment';

/** `GET /entities/.../traces`: the slowest and failing traces of the last hour of one environment. */
export async function entityTraces(
  reader: SourceReader,
  targets: BoundTargets,
  environment: string | undefined,
): Promise<EntityTracesResponse> {
  const env = await environmentOf(reader, targets, environment);
  const service = jaegerServiceName(
    targets.jaegerService,
    env.workload,
    env.namespace,
  );
  return {
    entityRef: targets.entityRef,
    environment: env.name,
    sandbox: reader.sandbox,
    traces: await traceSummaries(reader, service, Date.now()),
  };
}
