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
): Promise<RevisionMetadata> {
  const { instance, app } = await entityApp(reader, targets, ref);
  const call = argocdCalls.revisionMetadata(instance, app, revision);
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
  const result =
    action === 'refresh'
      ? (answer.status?.sync?.status ?? 'Unknown')
      : (answer.status?.operationState?.phase ?? 'Running');
  const message =
    action === 'sync'
      ? answer.status?.operationState?.message
      : answer.status?.health?.status &&
        `health ${answer.status.health.status}`;
  return {
    instance: ref.instance,
    app: ref.app,
    action,
    result,
    ...(message ? { message } : {}),
  };
}
