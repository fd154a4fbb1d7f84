import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import Alert from '@material-ui/lab/Alert';
import {
  isRequestedOperation,
  type ArgoActionResult,
  type ArgoAppStatus,
} from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import { shortSha } from '../common';

type Operation = NonNullable<ArgoAppStatus['operation']>;
type Progress =
  | { kind: 'requested' }
  | { kind: 'running' | 'finished'; operation: Operation }
  | { kind: 'unreported' };

/** How often and how long the tab follows a requested sync by re-reading the status. */
export interface SyncFollowOptions {
  /** Milliseconds between two status reads (default 5 s). */
  pollMs?: number;
  /** Status reads before the tab gives up following (default 36: three minutes). */
  maxPolls?: number;
}

function target(request: ArgoActionResult): string {
  const revisions =
    request.revisions ?? (request.revision ? [request.revision] : []);
  return revisions.length ? ` to ${revisions.map(shortSha).join(', ')}` : '';
}

/**
 * Follows a sync Argo CD accepted: its answer describes the previous operation, so the tab re-reads
 * the status until an operation that is this request's (`isRequestedOperation`) has finished, and says
 * plainly that it was only requested until then.
 */
export const SyncProgress = (
  props: SyncFollowOptions & {
    entityRef: CompoundEntityRef;
    app: ArgoAppStatus;
    request: ArgoActionResult;
    /** Called once the operation finished (e.g. to reload the status). */
    onFinished: () => void;
  },
) => {
  const { entityRef, app, request, onFinished } = props;
  const { pollMs = 5000, maxPolls = 36 } = props;
  const api = useApi(serviceMeshApiRef);
  const [progress, setProgress] = useState<Progress>({ kind: 'requested' });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    const poll = async () => {
      polls += 1;
      const status = await api.getStatus(entityRef).catch(() => undefined);
      if (stopped) return;
      const current = status?.environments
        .map(e => e.argocd.data)
        .find(
          a =>
            a?.instance === app.instance &&
            a.name === app.name &&
            a.appNamespace === app.appNamespace,
        );
      const operation = current?.operation;
      if (operation && isRequestedOperation(request, operation)) {
        if (
          operation.phase !== 'Running' &&
          operation.phase !== 'Terminating'
        ) {
          setProgress({ kind: 'finished', operation });
          onFinished();
          return;
        }
        setProgress({ kind: 'running', operation });
      }
      if (polls >= maxPolls) {
        setProgress(p => (p.kind === 'requested' ? { kind: 'unreported' } : p));
        return;
      }
      timer = setTimeout(poll, pollMs);
    };
    timer = setTimeout(poll, pollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // One follow per request: the app object changes with every status reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, request]);

  const what = `Sync of ${request.app}${target(request)}`;
  if (progress.kind === 'requested' || progress.kind === 'unreported') {
    return (
      <Alert
        severity={progress.kind === 'requested' ? 'info' : 'warning'}
        role="status"
      >
        {what}: requested.{' '}
        {progress.kind === 'requested'
          ? 'Waiting for Argo CD to start it…'
          : 'Argo CD has not reported it yet: see the application in Argo CD.'}
      </Alert>
    );
  }
  const { phase, message } = progress.operation;
  let severity: 'info' | 'success' | 'error' = 'info';
  if (progress.kind === 'finished') {
    severity = phase === 'Succeeded' ? 'success' : 'error';
  }
  return (
    <Alert severity={severity} role="status">
      {what}: {phase}
      {message ? ` — ${message}` : ''}
    </Alert>
  );
};
