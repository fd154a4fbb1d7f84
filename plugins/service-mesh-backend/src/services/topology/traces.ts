import type { EntityTracesResponse } from '@meshport/plugin-service-mesh-common';
import { jaegerServiceName } from '../jaeger';
import type { BoundTargets } from '../status/environments';
import { workloadIdentity } from '../status/identity';
import type { SourceReader } from '../status/reader';
import { traceSummaries } from './calls';
import { environmentOf } from './environment';

/** `GET /entities/.../traces`: the slowest and failing traces of the last hour of one environment. */
export async function entityTraces(
  reader: SourceReader,
  targets: BoundTargets,
  environment: string | undefined,
): Promise<EntityTracesResponse> {
  const { env, base, refused } = await environmentOf(
    reader,
    targets,
    environment,
    'jaeger',
  );
  if (refused) return { ...base, traces: refused };
  // The app (canonical service), not the Deployment: bookinfo's details-v1 traces as details.bookinfo.
  const service = jaegerServiceName(
    targets.jaegerService,
    targets.jaegerService
      ? env.workload
      : (await workloadIdentity(reader, targets, env)).app,
    env.namespace,
  );
  return {
    ...base,
    traces: await traceSummaries(
      reader,
      service,
      env.cluster?.kiali,
      Date.now(),
    ),
  };
}
