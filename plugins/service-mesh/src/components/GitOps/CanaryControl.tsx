import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Slider from '@material-ui/core/Slider';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type {
  CanaryAnalysis,
  CanaryStep,
  CanaryStepResult,
} from '@meshport/plugin-service-mesh-common';
import { serviceMeshApiRef } from '../../api';
import { errorText, StatusChip, type StatusLevel } from '../common';
import { CommitNotice, ReasonField } from './gitopsText';

const VERDICT_LEVEL: Record<CanaryAnalysis['verdict'], StatusLevel> = {
  pass: 'ok',
  fail: 'error',
  'no-traffic': 'warning',
};

/** The step's words, for buttons and the result. */
function stepText(step: CanaryStep, canary: string, stable: string): string {
  if (step.step === 'set-weights') {
    return `Canary ${canary} at ${step.canaryWeight} %`;
  }
  return step.step === 'promote'
    ? `Promote ${canary}`
    : `Abort ${canary}, keep ${stable}`;
}

/**
 * The canary of an entity, read in one environment: its split, the analysis' verdict, and the steps
 * (set the weight, promote, abort), each one commit. After a failing analysis a step needs an explicit
 * override. `CanarySection` shows it only to a caller who holds `service-mesh.gitops.canary`.
 */
export const CanaryControl = (props: {
  entityRef: CompoundEntityRef;
  /** The repository's environment the analysis reads, e.g. `prod`. */
  environment: string;
}) => {
  const { entityRef, environment } = props;
  const api = useApi(serviceMeshApiRef);
  const state = useAsyncRetry(
    () => api.getCanaryAnalysis(entityRef, environment),
    [api, entityRef, environment],
  );
  const [weight, setWeight] = useState<number | undefined>();
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<
    { result: CanaryStepResult } | { error: Error } | undefined
  >();
  // The last step's commit stays visible while the canary reloads (and after a promote or abort ended it).
  const notice = outcome && 'result' in outcome && (
    <CommitNotice
      what={stepText(
        outcome.result.step,
        outcome.result.canary.canary,
        outcome.result.canary.stable,
      )}
      kind="canary step"
      proposal={outcome.result}
    />
  );
  if (state.loading) return <Progress />;
  if (state.error) {
    return (
      <>
        {notice}
        <ResponseErrorPanel
          error={state.error}
          title={`Could not read the canary of ${environment}`}
        />
      </>
    );
  }
  if (!state.value) return null;
  const { canary, analysis } = state.value;
  const chosen = weight ?? canary.canaryWeight;
  const failed = analysis.verdict === 'fail';
  const blocked = reason.trim() === '' || (failed && !override) || running;

  const run = async (step: CanaryStep) => {
    setRunning(true);
    setOutcome(undefined);
    try {
      const result = await api.canaryStep(entityRef, {
        ...step,
        environment,
        reason,
        override,
      });
      setOutcome({ result });
      setWeight(undefined);
      state.retry();
    } catch (error) {
      setOutcome({ error: error as Error });
    } finally {
      setRunning(false);
    }
  };

  return (
    <div>
      <Typography variant="body2">
        {canary.stable}: {canary.stableWeight} % · {canary.canary}:{' '}
        {canary.canaryWeight} %
      </Typography>
      <Box display="flex" alignItems="center" my={1} style={{ gap: 8 }}>
        <StatusChip
          level={VERDICT_LEVEL[analysis.verdict]}
          label={`Analysis: ${analysis.verdict}`}
        />
        <Typography variant="caption">{analysis.summary}</Typography>
      </Box>
      <Typography id="canary-weight" variant="body2">
        Canary weight: {chosen} %
      </Typography>
      <Slider
        aria-labelledby="canary-weight"
        value={chosen}
        min={0}
        max={100}
        step={5}
        marks={[10, 25, 50, 75, 100].map(value => ({
          value,
          label: `${value}`,
        }))}
        onChange={(_e, value) => setWeight(value as number)}
      />
      <ReasonField value={reason} onChange={setReason} />
      {failed && (
        <FormControlLabel
          control={
            <Checkbox
              checked={override}
              onChange={e => setOverride(e.target.checked)}
            />
          }
          label="Override the failing analysis (recorded in the commit)"
        />
      )}
      <Box display="flex" flexWrap="wrap" my={1} style={{ gap: 8 }}>
        <Button
          variant="contained"
          color="primary"
          disabled={blocked || chosen === canary.canaryWeight}
          onClick={() => run({ step: 'set-weights', canaryWeight: chosen })}
        >
          Set canary to {chosen} %
        </Button>
        <Button
          variant="outlined"
          disabled={blocked}
          onClick={() => run({ step: 'promote' })}
        >
          Promote {canary.canary}
        </Button>
        <Button
          variant="outlined"
          disabled={reason.trim() === '' || running}
          onClick={() => run({ step: 'abort' })}
        >
          Abort {canary.canary}
        </Button>
      </Box>
      {notice}
      {outcome && 'error' in outcome && (
        <Alert severity="error">
          Canary step failed: {errorText(outcome.error)}
        </Alert>
      )}
    </div>
  );
};
