import { useId } from 'react';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import type { GitOpsCommit } from '@meshport/plugin-service-mesh-common';

/** A unified diff, as text. */
export const DiffView = (props: { diff: string }) => (
  <pre
    aria-label="Diff"
    style={{ maxHeight: 360, overflow: 'auto', fontSize: 12 }}
  >
    {props.diff}
  </pre>
);

/** The commit a GitOps change made: what, which commit on which branch, and the files. */
export const CommitNotice = (props: { what: string; change: GitOpsCommit }) => (
  <Alert severity="success" role="status">
    {props.what}: commit {props.change.commit.slice(0, 7)} on{' '}
    {props.change.branch} ({props.change.files.map(f => f.path).join(', ')}).
    Argo CD deploys it at its next sync.
  </Alert>
);

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
