import type {
  SourceName,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  findEnvironment,
  resolveEnvironments,
  unverifiedRead,
  type BoundTargets,
  type ResolvedEnvironment,
} from '../status/environments';
import type { SourceReader } from '../status/reader';

/**
 * The named environment of the entity (by id, or by a name only one has; the first when none is
 * named), the answer's common part, and the `not-allowed` result when `source` may not be read there.
 */
export async function environmentOf(
  reader: SourceReader,
  targets: BoundTargets,
  environment: string | undefined,
  source: SourceName,
): Promise<{
  env: ResolvedEnvironment;
  base: { entityRef: string; environment: string; sandbox: boolean };
  refused?: SourceResult<never>;
}> {
  const envs = await resolveEnvironments(reader, targets);
  const env = findEnvironment(envs, environment, targets.entityRef);
  return {
    env,
    base: {
      entityRef: targets.entityRef,
      environment: env.name,
      sandbox: reader.sandbox,
    },
    refused: unverifiedRead(reader, env, source),
  };
}
