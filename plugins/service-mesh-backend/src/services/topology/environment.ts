import {
  findEnvironment,
  resolveEnvironments,
  type BoundTargets,
  type ResolvedEnvironment,
} from '../status/environments';
import type { SourceReader } from '../status/reader';

/** The named environment of the entity (by id, or by a name only one has; the first when none is named). */
export async function environmentOf(
  reader: SourceReader,
  targets: BoundTargets,
  environment: string | undefined,
): Promise<ResolvedEnvironment> {
  const envs = await resolveEnvironments(reader, targets);
  return findEnvironment(envs, environment, targets.entityRef);
}
