import { Link } from '@backstage/core-components';
import { commitUrl, shortSha } from '../common';

/** A revision as a short SHA, linked to the commit when the repository host is known. */
export const RevisionLink = (props: { repoURL?: string; revision: string }) => {
  const { repoURL, revision } = props;
  const url = repoURL ? commitUrl(repoURL, revision) : undefined;
  const text = <code title={revision}>{shortSha(revision)}</code>;
  return url ? <Link to={url}>{text}</Link> : text;
};
