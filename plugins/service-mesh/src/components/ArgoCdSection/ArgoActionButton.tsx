import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import type {
  ArgoActionResult,
  ArgoAppStatus,
} from '@meshport/plugin-service-mesh-common';
import { argoAppRef, serviceMeshApiRef } from '../../api';
import { errorText } from '../common';
import { SyncProgress, type SyncFollowOptions } from './SyncProgress';

const texts = {
  refresh: {
    button: 'Refresh',
    title: 'Refresh from Git?',
    body: (app: ArgoAppStatus) =>
      `Argo CD re-reads Git for ${app.name} and compares it with the cluster. Nothing is deployed.`,
  },
  sync: {
    button: 'Sync',
    title: 'Sync now?',
    body: (app: ArgoAppStatus) =>
      `Argo CD applies ${app.name} at ${
        app.sources[0]?.targetRevision ?? 'its target revision'
      } to ${app.destination.namespace ?? 'its namespace'}${
        app.automated.prune ? ', pruning resources no longer in Git' : ''
      }.`,
  },
};

/** Props of {@link ArgoActionButton}. */
export interface ArgoActionProps {
  entityRef: CompoundEntityRef;
  app: ArgoAppStatus;
  action: 'refresh' | 'sync';
  /** Called after a refresh, and once a sync finished, e.g. to reload the status. */
  onDone: () => void;
  /** How a requested sync is followed. */
  syncFollow?: SyncFollowOptions;
}

/** Refresh or Sync with a confirmation dialog; shows Argo CD's answer or the error. */
export const ArgoActionButton = (props: ArgoActionProps) => {
  const { entityRef, app, action, onDone, syncFollow } = props;
  const api = useApi(serviceMeshApiRef);
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<
    { result: ArgoActionResult } | { error: Error } | undefined
  >();
  const text = texts[action];

  const run = async () => {
    setConfirming(false);
    setRunning(true);
    setOutcome(undefined);
    const target = argoAppRef(app);
    try {
      const result =
        action === 'sync'
          ? await api.syncApplication(entityRef, target)
          : await api.refreshApplication(entityRef, target);
      setOutcome({ result });
      // A sync is only requested: SyncProgress reloads once Argo CD finished it.
      if (action === 'refresh') onDone();
    } catch (error) {
      setOutcome({ error: error as Error });
    } finally {
      setRunning(false);
    }
  };

  return (
    <div>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        disabled={running}
        onClick={() => setConfirming(true)}
      >
        {running ? `${text.button}ing…` : text.button}
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)}>
        <DialogTitle>
          {text.title} ({app.name})
        </DialogTitle>
        <DialogContent>
          <DialogContentText>{text.body(app)}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button color="primary" variant="contained" onClick={run}>
            Confirm {text.button.toLocaleLowerCase('en-US')}
          </Button>
        </DialogActions>
      </Dialog>
      {outcome && 'result' in outcome && action === 'sync' && (
        <SyncProgress
          {...syncFollow}
          entityRef={entityRef}
          app={app}
          request={outcome.result}
          onFinished={onDone}
        />
      )}
      {outcome && 'result' in outcome && action === 'refresh' && (
        <Alert severity="success" role="status">
          {text.button} of {outcome.result.app}: {outcome.result.result}
          {outcome.result.message ? ` — ${outcome.result.message}` : ''}
        </Alert>
      )}
      {outcome && 'error' in outcome && (
        <Alert severity="error">
          {text.button} of {app.name} failed: {errorText(outcome.error)}
        </Alert>
      )}
    </div>
  );
};
