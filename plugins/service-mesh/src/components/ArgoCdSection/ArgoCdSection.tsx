import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Link, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  ArgoAppStatus,
  ArgoResource,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  formatTime,
  HealthChip,
  healthLevel,
  InlineRow,
  operationLevel,
  SandboxLabel,
  SourceProblem,
  StatusChip,
  SyncChip,
} from '../common';
import { ArgoActions } from './ArgoActions';
import { HistoryList } from './HistoryList';
import { RevisionLink } from './RevisionLink';
import { SourcesList } from './SourcesList';
import type { SyncFollowOptions } from './SyncProgress';

const resourceColumns: TableColumn<ArgoResource>[] = [
  {
    title: 'Object',
    render: r => `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
  },
  {
    title: 'Health',
    render: r => (
      <StatusChip level={healthLevel(r.health)} label={r.health ?? 'Unknown'} />
    ),
  },
  { title: 'Sync', field: 'syncStatus' },
  { title: 'Reason', field: 'healthMessage' },
];

/** Argo CD deployment of one environment: sync, health, revision, operation, resources, history, actions. */
export const ArgoCdSection = (props: {
  entityRef: CompoundEntityRef;
  result: SourceResult<ArgoAppStatus>;
  onChanged: () => void;
  /** How a requested sync is followed (tests shorten it). */
  syncFollow?: SyncFollowOptions;
  /** The environment's name, for "Roll back to this revision" (none: no rollback). */
  environment?: string;
}) => {
  const { entityRef, result, onChanged, syncFollow, environment } = props;
  if (result.state !== 'ok' || !result.data) {
    return <SourceProblem result={result} />;
  }
  const app = result.data;
  const repoURL = app.sources[0]?.repoURL;
  const revision = app.sync.revision ?? app.sync.revisions?.[0];
  const failed =
    app.operation &&
    (app.operation.phase === 'Failed' || app.operation.phase === 'Error');

  return (
    <div>
      <InlineRow mb={1}>
        <SyncChip status={app.sync.status} />
        <HealthChip status={app.health.status} />
        {result.sandbox && <SandboxLabel />}
        <Typography variant="body2">
          <Link to={app.url}>
            {app.name} in Argo CD
            {result.instance ? ` (${result.instance})` : ''}
          </Link>
        </Typography>
      </InlineRow>
      <Typography variant="body2">
        Revision:{' '}
        {revision ? (
          <RevisionLink repoURL={repoURL} revision={revision} />
        ) : (
          'unknown'
        )}
        {app.sources[0]?.targetRevision
          ? ` (target ${app.sources[0].targetRevision})`
          : ''}
      </Typography>
      <Typography variant="body2" component="div">
        Last sync: {formatTime(app.lastSyncedAt)}
        {app.operation ? (
          <>
            {' '}
            <StatusChip
              level={operationLevel(app.operation.phase)}
              label={app.operation.phase}
              title={`Last operation: ${app.operation.phase}`}
            />
          </>
        ) : null}
      </Typography>
      <Typography variant="body2">
        Automated sync:{' '}
        {app.automated.enabled
          ? `on${app.automated.prune ? ', prune' : ''}${
              app.automated.selfHeal ? ', self-heal' : ''
            }`
          : 'off'}
        {' · '}
        {app.resourceCount} resources
      </Typography>
      <SourcesList sources={app.sources} />
      {app.health.message && (
        <Typography variant="body2">Health: {app.health.message}</Typography>
      )}
      {failed && (
        <Box my={1}>
          <Alert severity="error">
            Last sync {app.operation!.phase.toLocaleLowerCase('en-US')}:{' '}
            {app.operation!.message ?? 'Argo CD gave no message'}
          </Alert>
        </Box>
      )}
      {app.conditions.map(c => (
        <Box my={1} key={`${c.type}:${c.message}`}>
          <Alert severity="warning">
            {c.type}: {c.message}
          </Alert>
        </Box>
      ))}
      <Box my={2}>
        <ArgoActions
          entityRef={entityRef}
          app={app}
          onDone={onChanged}
          syncFollow={syncFollow}
        />
      </Box>
      {app.unhealthyResources.length > 0 && (
        <Box my={2}>
          <Table
            title={`Resources not healthy or out of sync (${app.unhealthyResources.length})`}
            options={{
              paging: false,
              search: false,
              sorting: false,
              draggable: false,
              padding: 'dense',
            }}
            columns={resourceColumns}
            data={app.unhealthyResources.map(r => ({ ...r }))}
          />
        </Box>
      )}
      <Typography variant="subtitle2" component="h4">
        History
      </Typography>
      <HistoryList entityRef={entityRef} app={app} environment={environment} />
    </div>
  );
};
