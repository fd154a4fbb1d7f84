import { InputError } from '@backstage/errors';

/** A commit SHA, tag or branch name: no `..`, no leading punctuation, at most 255 characters. */
const REVISION = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/;

/** Returns a Git revision that is safe to pass to Argo CD; throws `InputError` for anything else. */
export function checkRevision(revision: string): string {
  if (!REVISION.test(revision)) {
    throw new InputError(
      `Invalid revision ${JSON.stringify(revision.slice(0, 80))}: expected a commit SHA, tag or branch name`,
    );
  }
  return revision;
}
