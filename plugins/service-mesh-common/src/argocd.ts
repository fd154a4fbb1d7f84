import type { ArgoActionResult, ArgoAppStatus } from './types';

/**
 * Whether an application's operation is the one a sync asked for: Argo CD's sync answer only records
 * the operation, and `status.operationState` keeps describing the previous one until the controller
 * starts it. The requested operation started after that previous one and syncs to the requested
 * revision(s).
 */
export function isRequestedOperation(
  request: ArgoActionResult,
  operation: ArgoAppStatus['operation'],
): boolean {
  if (request.action !== 'sync' || !operation?.startedAt) return false;
  if (
    request.previousStartedAt &&
    !(Date.parse(operation.startedAt) > Date.parse(request.previousStartedAt))
  ) {
    return false;
  }
  if (request.revisions) {
    return (
      operation.revisions !== undefined &&
      operation.revisions.join('\n') === request.revisions.join('\n')
    );
  }
  return (
    request.revision === undefined || operation.revision === request.revision
  );
}
