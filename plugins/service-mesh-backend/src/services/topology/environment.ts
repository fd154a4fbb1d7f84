import { NotFoundError } from '@backstage/errors';
import {
  resolveEnvironments,
  type BoundTargets,
  type ResolvedEnvironment,
} from '../status/environments';
import type { SourceReader } from '../status/reader';

/** The named environment of the entity (the first when none is named); 404 when it has no such one. */
export async function environmentOf(
  reader: SourceReader,
  targets: BoundTargets,
  environment: string | undefined,
): Promise<ResolvedEnvironment> {
  const envs = await resolveEnvironments(reader, targets);
  const env = environment ? envs.find(e => e.name === environment) : envs[0];
  if (!env) {
    throw new NotFoundError(
      `${targets.entityRef} has no environment "${environment}" (it has: ${envs.map(e => e.name).join(', ')})`,
    );
  }
  return env;
}
