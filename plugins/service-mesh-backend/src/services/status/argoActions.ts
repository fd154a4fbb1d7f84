import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ArgoActionResult,
  ArgoAppRef,
  RevisionMetadata,
} from '@meshport/plugin-service-mesh-common';
import {
  bindApps,
  entityAppQuery,
  entityInstances,
  refusal,
  sourceSelectorOf,
  type ArgoApplication,
} from '../argocd';
import { UpstreamError } from '../upstream';
import { argocdCalls, type SourceReader } from './reader';
import type { BoundTargets } from './environments';
import type { ArgoInstance } from './sources';

/** An upstream failure as the HTTP error of an action route: 404 when upstream said so, else 503. */
async function upstreamOrThrow<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof UpstreamError) {
      if (error.state === 'not-found') throw new NotFoundError(error.message);
      throw new ServiceUnavailableError(error.message);
    }
    throw error;
  }
}

/**
 * Finds an application bound to the entity on an instance: the only apps the metadata and action routes
 * may touch. Refused (403) when the entity's query matches applications not bound to it, 404 when the
 * named one is not among the bound ones; either way before any call about the application itself.
 */
async function entityApp(
  reader: SourceReader,
  targets: BoundTargets,
  ref: ArgoAppRef,
): Promise<{ instance: ArgoInstance; app: ArgoApplication }> {
  const instance = entityInstances(targets.argocd, reader.sources.argocd).find(
    i => i.api.instance === ref.instance,
  );
  if (!targets.argocd || !instance) {
    throw new NotFoundError(
      `${targets.entityRef} has no Argo CD applications on an instance named "${ref.instance}"`,
    );
  }
  const apps = await upstreamOrThrow(
    reader.fetch(argocdCalls.appList(instance, entityAppQuery(targets.argocd))),
  );
  const { bound, foreign } = bindApps(apps, targets.binding);
  if (foreign > 0) {
    throw new NotAllowedError(
      refusal(targets.argocd, targets.binding, foreign),
    );
  }
  const found = bound.find(
    a =>
      a.metadata.name === ref.app &&
      (ref.appNamespace === undefined ||
        a.metadata.namespace === ref.appNamespace),
  );
  if (!found) {
    throw new NotFoundError(
      `Argo CD application "${ref.app}" on "${ref.instance}" does not belong to ${targets.entityRef}`,
    );
  }
  return { instance, app: found };
}

/**
 * `GET /entities/.../argocd/{instance}/applications/{app}/revisions/{revision}/metadata`; the router
 * has validated the revision.
 */
export async function revisionMetadata(
  reader: SourceReader,
  targets: BoundTargets,
  ref: ArgoAppRef,
  revision: string,
  sourceIndex?: number,
): Promise<RevisionMetadata> {
  const { instance, app } = await entityApp(reader, targets, ref);
  const call = argocdCalls.revisionMetadata(
    instance,
    app,
    revision,
    sourceSelectorOf(app, revision, sourceIndex),
  );
  const metadata = await upstreamOrThrow(reader.cached(call.key, call.load));
  return {
    revision,
    ...(metadata.author ? { author: metadata.author } : {}),
    ...(metadata.date ? { date: metadata.date } : {}),
    ...(metadata.message ? { message: metadata.message } : {}),
    ...(metadata.tags ? { tags: metadata.tags } : {}),
  };
}

/** `POST /entities/.../argocd/{instance}/applications/{app}/(refresh|sync)`; the caller checks permission first. */
export async function argoAction(
  reader: SourceReader,
  targets: BoundTargets,
  ref: ArgoAppRef,
  action: 'refresh' | 'sync',
): Promise<ArgoActionResult> {
  const { instance, app } = await entityApp(reader, targets, ref);
  const { name, namespace } = app.metadata;
  const answer = await upstreamOrThrow(
    action === 'refresh'
      ? instance.api.refresh(name, namespace)
      : instance.api.sync(name, namespace),
  );
  // The next status and overview read the changed application, not the cached one.
  await reader.forget(
    argocdCalls.appList(instance, entityAppQuery(targets.argocd!)).key,
    argocdCalls.overviewApps(instance).key,
  );
  if (action === 'sync') return syncRequested(ref, answer);
  const health = answer.status?.health?.status;
  return {
    instance: ref.instance,
    app: ref.app,
    action,
    result: answer.status?.sync?.status ?? 'Unknown',
    ...(health ? { message: `health ${health}` } : {}),
  };
}

/**
 * A sync as Argo CD accepted it: only `.operation` is new in its answer, while
 * `status.operationState` still describes the previous operation. The result says what was requested
 * and how to recognise the operation once it runs (`isRequestedOperation`).
 */
function syncRequested(
  ref: ArgoAppRef,
  answer: ArgoApplication,
): ArgoActionResult {
  const requested = answer.operation?.sync;
  const revisions = requested?.revisions?.length
    ? requested.revisions
    : undefined;
  const revision = revisions ? undefined : requested?.revision || undefined;
  const previousStartedAt = answer.status?.operationState?.startedAt;
  let to = 'the target revision';
  if (revisions) to = `revisions ${revisions.join(', ')}`;
  else if (revision) to = `revision ${revision}`;
  return {
    instance: ref.instance,
    app: ref.app,
    action: 'sync',
    result: 'Requested',
    message: `Argo CD accepted a sync to ${to}; its controller has not reported it yet`,
    ...(revision ? { revision } : {}),
    ...(revisions ? { revisions } : {}),
    ...(previousStartedAt ? { previousStartedAt } : {}),
    requestedAt: new Date().toISOString(),
  };
}
