import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseErrorPanel } from '@backstage/core-components';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Skeleton from '@material-ui/lab/Skeleton';
import useAsync from 'react-use/esm/useAsync';
import type {
  ArgoAppStatus,
  ArgoHistoryEntry,
} from '@meshport/plugin-service-mesh-common';
import { argoAppRef, serviceMeshApiRef } from '../../api';
import { formatTime } from '../common';
import { RollbackButton } from '../GitOps/RollbackButton';
import { initiatorText } from './argoText';
import { RevisionLink } from './RevisionLink';

const RevisionMetadataView = (props: {
  entityRef: CompoundEntityRef;
  app: ArgoAppStatus;
  revision: string;
  sourceIndex?: number;
}) => {
  const { entityRef, app, revision, sourceIndex } = props;
  const api = useApi(serviceMeshApiRef);
  const { value, loading, error } = useAsync(
    () =>
      api.getRevisionMetadata(
        entityRef,
        argoAppRef(app),
        revision,
        sourceIndex,
      ),
    [api, entityRef, app, revision, sourceIndex],
  );
  if (loading) {
    return (
      <div aria-label="Loading commit metadata" style={{ width: '100%' }}>
        <Skeleton variant="text" />
        <Skeleton variant="text" width="60%" />
      </div>
    );
  }
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Could not load the commit metadata of ${revision}`}
      />
    );
  }
  return (
    <div>
      <Typography variant="body2">
        {value?.message ?? 'No commit message'}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {value?.author ?? 'unknown author'}
        {value?.date ? `, ${formatTime(value.date)}` : ''}
        {value?.tags?.length ? ` · tags: ${value.tags.join(', ')}` : ''}
      </Typography>
    </div>
  );
};

const HistoryItem = (props: {
  entityRef: CompoundEntityRef;
  app: ArgoAppStatus;
  entry: ArgoHistoryEntry;
  /** Set for an earlier deployment of a single-source app: the environment to roll back. */
  rollback?: { environment: string };
}) => {
  const { entityRef, app, entry, rollback } = props;
  // Metadata is fetched only once the row is opened: one Argo CD call per revision the user asks about.
  const [opened, setOpened] = useState(false);
  // A multi-source deploy has a revision per source; each is looked up in its own source's repository.
  const revisions = entry.revisions?.length
    ? entry.revisions.map((revision, sourceIndex) => ({
        revision,
        sourceIndex: sourceIndex as number | undefined,
      }))
    : [{ revision: entry.revision, sourceIndex: undefined }];
  return (
    <Accordion
      TransitionProps={{ unmountOnExit: true }}
      onChange={(_event, expanded) => {
        if (expanded) setOpened(true);
      }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-label={`Deployment ${entry.id}`}
      >
        <Typography variant="body2">
          #{entry.id} ·{' '}
          {revisions.map(({ revision, sourceIndex }, i) => (
            <span key={`${i}:${revision}`}>
              {i > 0 ? ', ' : ''}
              <RevisionLink
                repoURL={app.sources[sourceIndex ?? 0]?.repoURL}
                revision={revision}
              />
            </span>
          ))}{' '}
          · deployed {formatTime(entry.deployedAt)}
          {entry.initiatedBy ? ` by ${initiatorText(entry.initiatedBy)}` : ''}
        </Typography>
      </AccordionSummary>
      <AccordionDetails style={{ flexDirection: 'column' }}>
        {opened &&
          revisions.map(({ revision, sourceIndex }) => (
            <RevisionMetadataView
              key={`${sourceIndex}:${revision}`}
              entityRef={entityRef}
              app={app}
              revision={revision}
              sourceIndex={sourceIndex}
            />
          ))}
        {rollback && !entry.revisions?.length && (
          <RollbackButton
            entityRef={entityRef}
            environment={rollback.environment}
            revision={entry.revision}
          />
        )}
      </AccordionDetails>
    </Accordion>
  );
};

/**
 * Deployment history, newest first; each entry loads its commit metadata when expanded. With an
 * `environment`, earlier entries offer "Roll back to this revision".
 */
export const HistoryList = (props: {
  entityRef: CompoundEntityRef;
  app: ArgoAppStatus;
  environment?: string;
}) => {
  const { entityRef, app, environment } = props;
  if (app.history.length === 0) {
    return (
      <Typography variant="body2">No deployments recorded yet.</Typography>
    );
  }
  const entries = [...app.history].sort((a, b) => b.id - a.id);
  return (
    <div>
      {entries.map((entry, i) => (
        <HistoryItem
          key={entry.id}
          entityRef={entityRef}
          app={app}
          entry={entry}
          // The newest entry is what runs now: the ones before it can be rolled back to.
          rollback={environment && i > 0 ? { environment } : undefined}
        />
      ))}
    </div>
  );
};
