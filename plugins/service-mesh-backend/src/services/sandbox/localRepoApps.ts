/*
 * The sandbox's Argo CD for an entity that lives in a local repository: each application deploys what
 * its Application file in the repository says (the branch head, or the commit a rollback pinned), and its
 * history is the repository's deploys of it. Read on every call; a new commit shows at the next read.
 */
import {
  localApplications,
  localCommit,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import type { ArgoApplication, ArgoRevisionMetadata } from '../argocd';
import { iso } from './world';

/** History entries kept, as Argo CD's default `revisionHistoryLimit`. */
const HISTORY_LIMIT = 10;

/**
 * `app` (the simulation) with source, sync revision, operation and history taken from the local
 * repository `dir`; unchanged when the repository does not declare the application. `syncedAt`: a
 * sync asked through the sandbox, which the operation then reports.
 */
export async function followLocalRepository(
  app: ArgoApplication,
  dir: string,
  syncedAt?: number,
): Promise<ArgoApplication> {
  const local = (await localApplications(dir)).get(app.metadata.name);
  if (!local || local.deploys.length === 0) return app;
  const deploys = local.deploys.slice(-HISTORY_LIMIT);
  const first = local.deploys.length - deploys.length;
  const initiatedBy = { automated: true };
  const history = deploys.map((d, i) => ({
    id: first + i + 1,
    revision: d.revision,
    deployStartedAt: iso(d.since),
    deployedAt: iso(d.since + 2),
    source: local.source,
    initiatedBy,
  }));
  const current = history[history.length - 1];
  const status = app.status ?? {};
  return {
    ...app,
    spec: { ...app.spec, source: local.source },
    status: {
      ...status,
      sync: { status: 'Synced', revision: current.revision },
      operationState: {
        ...status.operationState,
        operation: { sync: { revision: current.revision }, initiatedBy },
        phase: 'Succeeded',
        startedAt: syncedAt ? iso(syncedAt + 1) : current.deployStartedAt,
        finishedAt: syncedAt ? iso(syncedAt + 3) : current.deployedAt,
        syncResult: { revision: current.revision },
      },
      history,
      conditions: [],
    },
  };
}

/** Argo CD's revision metadata of a commit of the local repository `dir`; undefined if it has none. */
export async function localRevisionMetadata(
  dir: string,
  revision: string,
): Promise<ArgoRevisionMetadata | undefined> {
  const commit = await localCommit(dir, revision);
  return commit && { ...commit, tags: [] };
}
