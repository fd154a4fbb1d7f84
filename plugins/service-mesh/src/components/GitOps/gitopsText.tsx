import { useId } from 'react';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { Link } from '@backstage/core-components';
import type { GitOpsProposal } from '@meshport/plugin-service-mesh-common';

/** A unified diff, as text. */
export const DiffView = (props: { diff: string }) => (
  <pre
    aria-label="Diff"
    style={{ maxHeight: 360, overflow: 'auto', fontSize: 12 }}
  >
    {props.diff}
  </pre>
);

/**
 * Where a GitOps change went: on a local repository the commit on its branch; on GitHub "<kind>
 * proposed: PR #n", linked to the pull request. Then the files it changes.
 */
export const CommitNotice = (props: {
  what: string;
  kind: 'rollback' | 'canary step';
  proposal: GitOpsProposal;
}) => {
  const { change } = props.proposal;
  const files = change.files.map(f => f.path).join(', ');
  return (
    <Alert severity="success" role="status">
      {props.proposal.repository === 'github' ? (
        <>
          {props.what}: {props.kind} proposed:{' '}
          <Link to={props.proposal.pullRequest.url}>
            PR #{props.proposal.pullRequest.number}
          </Link>{' '}
          (branch {change.branch}: {files}). Argo CD deploys it once the pull
          request is merged.
        </>
      ) : (
        <>
          {props.what}: commit {change.commit.slice(0, 7)} on {change.branch} (
          {files}). Argo CD deploys it at its next sync.
        </>
      )}
    </Alert>
  );
};

/** The reason of a change: one line, the commit message's body (the backend refuses control characters). */
export const ReasonField = (props: {
  value: string;
  onChange: (value: string) => void;
}) => (
  <TextField
    id={useId()}
    label="Reason"
    required
    fullWidth
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    helperText="The commit message's body"
    inputProps={{ maxLength: 500 }}
  />
);
