import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  gitopsRollbackPermission,
  type RollbackResult,
} from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import { errorText } from '../common';
import { CommitNotice, DiffView, ReasonField } from './gitopsText';

/** Props of {@link RollbackButton}. */
export interface RollbackButtonProps {
  entityRef: CompoundEntityRef;
  /** The repository's environment (its overlay), e.g. `prod`. */
  environment: string;
  revision: string;
}

type Step =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'preview'; result: RollbackResult }
  | { kind: 'proposing'; result: RollbackResult }
  | { kind: 'error'; error: Error };

/**
 * "Roll back to this revision": a dialog with the diff of the environment's deploy files and a reason,
 * then the commit. Shown only to a caller who holds `service-mesh.gitops.rollback` on the entity.
 */
export const RollbackButton = (props: RollbackButtonProps) => {
  const { entityRef, environment, revision } = props;
  const api = useApi(serviceMeshApiRef);
  const { allowed } = usePermission({
    permission: gitopsRollbackPermission,
    resourceRef: stringifyEntityRef(entityRef),
  });
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<RollbackResult | undefined>();
  if (!allowed) return null;

  const open = async () => {
    setStep({ kind: 'loading' });
    try {
      const result = await api.rollback(entityRef, {
        environment,
        revision,
        mode: 'preview',
      });
      setStep({ kind: 'preview', result });
    } catch (error) {
      setStep({ kind: 'error', error: error as Error });
    }
  };
  const propose = async (preview: RollbackResult) => {
    setStep({ kind: 'proposing', result: preview });
    try {
      const result = await api.rollback(entityRef, {
        environment,
        revision,
        mode: 'propose',
        reason,
      });
      setDone(result);
      setStep({ kind: 'closed' });
    } catch (error) {
      setStep({ kind: 'error', error: error as Error });
    }
  };
  const short = revision.slice(0, 7);
  const preview =
    step.kind === 'preview' || step.kind === 'proposing'
      ? step.result.preview
      : undefined;

  return (
    <div>
      <Button size="small" variant="outlined" onClick={open}>
        Roll back to this revision
      </Button>
      {done?.mode === 'propose' && (
        <CommitNotice
          // Locally the commit is the proposal; on GitHub the pull request is.
          what={`Rollback of ${environment} to ${short}${done.repository === 'local' ? ' proposed' : ''}`}
          kind="rollback"
          proposal={done}
        />
      )}
      <Dialog
        open={step.kind !== 'closed'}
        onClose={() => setStep({ kind: 'closed' })}
        maxWidth="md"
        fullWidth
      >
        <DialogTitle>
          Roll {environment} back to {short}?
        </DialogTitle>
        <DialogContent>
          {step.kind === 'loading' && (
            <Typography variant="body2">Loading the diff…</Typography>
          )}
          {step.kind === 'error' && (
            <Alert severity="error">
              Rollback of {environment} to {short}: {errorText(step.error)}
            </Alert>
          )}
          {preview && (
            <>
              <Typography variant="body2">
                {preview.applicationPath} will pin {environment} to {short} (now{' '}
                {preview.from.targetRevision} at{' '}
                {preview.from.commit.slice(0, 7)}). What Argo CD will deploy
                differently:
              </Typography>
              <DiffView diff={preview.diff} />
              <ReasonField value={reason} onChange={setReason} />
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setStep({ kind: 'closed' })}>Cancel</Button>
          <Button
            color="primary"
            variant="contained"
            disabled={step.kind !== 'preview' || reason.trim() === ''}
            onClick={() => step.kind === 'preview' && propose(step.result)}
          >
            Propose rollback
          </Button>
        </DialogActions>
      </Dialog>
    </div>
  );
};
