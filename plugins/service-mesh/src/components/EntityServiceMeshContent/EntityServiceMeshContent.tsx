import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import Skeleton from '@material-ui/lab/Skeleton';
import { useEffect, useState } from 'react';
import type {
  EntityMeshStatus,
  EnvironmentStatus,
} from '@meshport/plugin-service-mesh-common';
import { ArgoCdSection } from '../ArgoCdSection/ArgoCdSection';
import {
  InlineRow,
  MissingMeshAnnotations,
  ReloadControls,
  StaleSources,
  useEntityMeshStatus,
} from '../common';
import { FindingsSection } from '../FindingsSection/FindingsSection';
import { CanarySection } from '../GitOps/CanarySection';
import { LinksSection } from '../LinksSection/LinksSection';
import { MtlsSection } from '../MtlsSection/MtlsSection';
import { SidecarSection } from '../MtlsSection/SidecarSection';
import { CurrentSignals, SignalCharts } from '../SignalsSection';
import { EnvironmentSummaryTable } from '../EnvironmentSummaryTable/EnvironmentSummaryTable';
import { TopologySection } from '../TopologySection/TopologySection';
import { TraceHotspots } from '../TraceHotspots/TraceHotspots';

const LoadingSkeleton = () => (
  <Grid container spacing={3} aria-label="Loading service mesh status">
    {['Argo CD', 'mTLS', 'Golden signals', 'Links'].map(title => (
      <Grid item xs={12} md={6} key={title}>
        <InfoCard title={title}>
          <Skeleton variant="text" />
          <Skeleton variant="text" width="80%" />
          <Skeleton variant="rect" height={80} />
        </InfoCard>
      </Grid>
    ))}
  </Grid>
);

/** The page anchor of an environment (its id may hold `:` and `/`). */
const anchorOf = (env: EnvironmentStatus) =>
  `service-mesh-env-${env.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** An environment's name, with its Argo CD instance when another environment has the same name. */
function labelOf(env: EnvironmentStatus, all: EnvironmentStatus[]): string {
  const shared = all.some(e => e !== env && e.name === env.name);
  return shared && env.instance ? `${env.name} (${env.instance})` : env.name;
}

const EnvironmentView = (props: {
  entityRef: CompoundEntityRef;
  env: EnvironmentStatus;
  label: string;
  onChanged: () => void;
}) => {
  const { entityRef, env, label, onChanged } = props;
  const headingId = anchorOf(env);
  return (
    <Box component="section" aria-labelledby={headingId} mb={4}>
      <Typography variant="h5" component="h2" id={headingId}>
        {label}
      </Typography>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Namespace {env.namespace} · workload {env.workload}
        {env.cluster ? ` · cluster ${env.cluster}` : ''}
      </Typography>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard title="Argo CD">
            <ArgoCdSection
              entityRef={entityRef}
              result={env.argocd}
              onChanged={onChanged}
              environment={env.name}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="mTLS">
            <MtlsSection mtls={env.mtls} />
            <Box mt={2}>
              <Typography variant="subtitle2" component="h4">
                Sidecar injection
              </Typography>
              <SidecarSection sidecar={env.sidecar} />
            </Box>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Current values">
            <CurrentSignals result={env.signals} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Links">
            <LinksSection links={env.links} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Golden signals">
            <SignalCharts
              entityRef={entityRef}
              environment={env.id}
              label={label}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <CanarySection entityRef={entityRef} environment={env.name} />
        </Grid>
        {/* The topology and traces routes find an environment by name (signals also by id). */}
        <Grid item xs={12}>
          <InfoCard title="Topology">
            <TopologySection entityRef={entityRef} environment={env.name} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Trace hotspots">
            <TraceHotspots entityRef={entityRef} environment={env.name} />
          </InfoCard>
        </Grid>
      </Grid>
    </Box>
  );
};

/** The "Service Mesh" entity tab: one section per environment, then the analyzer's findings. */
export const EntityServiceMeshContent = () => {
  const {
    available,
    entityRef,
    value: latest,
    loading,
    error,
    retry,
  } = useEntityMeshStatus();
  // react-use drops the value when a reload fails; keep the last status on screen, with the error.
  const [previous, setPrevious] = useState<EntityMeshStatus>();
  useEffect(() => {
    if (latest) setPrevious(latest);
  }, [latest]);
  const value =
    latest ??
    (previous?.entityRef === stringifyEntityRef(entityRef)
      ? previous
      : undefined);

  if (!available) {
    return <MissingMeshAnnotations />;
  }
  // Keep showing the last status while a reload runs, so that action results stay on screen.
  if (!value) {
    if (error) {
      return (
        <ResponseErrorPanel
          error={error}
          title="Could not load the service mesh status"
        />
      );
    }
    return <LoadingSkeleton />;
  }

  return (
    <div>
      <InlineRow mb={2}>
        <ReloadControls
          value={value}
          asOf="Status as of"
          loading={loading}
          onReload={retry}
          reload="Reload status"
          reloading="Reloading…"
        />
      </InlineRow>
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel
            error={error}
            title="Could not reload the service mesh status; showing the previous one"
          />
        </Box>
      )}
      <StaleSources answer={value} />
      {value.environments.length === 0 && (
        <Typography variant="body1" paragraph>
          No environment found: no Argo CD application matches the entity's
          annotations.
        </Typography>
      )}
      {value.environments.length > 1 && (
        <Box mb={3}>
          <InfoCard title="At a glance">
            <EnvironmentSummaryTable
              environments={value.environments}
              renderName={env => (
                <MuiLink href={`#${anchorOf(env)}`}>
                  {labelOf(env, value.environments)}
                </MuiLink>
              )}
            />
          </InfoCard>
        </Box>
      )}
      {value.environments.map(env => (
        <EnvironmentView
          key={env.id}
          entityRef={entityRef}
          env={env}
          label={labelOf(env, value.environments)}
          onChanged={retry}
        />
      ))}
      <InfoCard title="Findings">
        <FindingsSection result={value.findings} />
      </InfoCard>
    </div>
  );
};
