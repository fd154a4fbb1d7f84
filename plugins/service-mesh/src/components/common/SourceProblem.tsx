import Alert from '@material-ui/lab/Alert';
import type { SourceResult } from '@meshport/plugin-service-mesh-common';
import { sourceStateLabel } from './levels';

/** Display name of each upstream. */
export const sourceTitles = {
  argocd: 'Argo CD',
  kiali: 'Kiali',
  prometheus: 'Prometheus',
  git: 'Git',
  jaeger: 'Jaeger',
} as const;

/**
 * Why one source has no data: the source, its instance, the state and the backend's message.
 * "Not configured" is information, every other state is an error a platform engineer can act on.
 */
export const SourceProblem = (props: { result: SourceResult<unknown> }) => {
  const { source, instance, state, message } = props.result;
  const name = instance
    ? `${sourceTitles[source]} (${instance})`
    : sourceTitles[source];
  return (
    <Alert severity={state === 'not-configured' ? 'info' : 'error'}>
      <strong>
        {name}: {sourceStateLabel(state)}
      </strong>
      {message ? ` — ${message}` : ''}
    </Alert>
  );
};
