import { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { CommitAuthor } from '../gitops/git';

/** The author of a commit a task makes: the task's initiator, by their profile. */
export function authorOf(user: ActionContext<any, any>['user']): CommitAuthor {
  const entity = user?.entity;
  return {
    name:
      entity?.spec?.profile?.displayName ??
      entity?.metadata.name ??
      'Meshport scaffolder',
    email: entity?.spec?.profile?.email ?? 'scaffolder@meshport.invalid',
  };
}
