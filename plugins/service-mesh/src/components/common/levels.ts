import type {
  FindingSeverity,
  HealthStatus,
  MtlsVerdict,
  OperationPhase,
  SourceState,
  SyncStatus,
} from '@meshport/plugin-service-mesh-common';
import type { StatusLevel } from './StatusChip';

/** Level of an Argo CD sync status. */
export function syncLevel(status: SyncStatus | undefined): StatusLevel {
  if (status === 'Synced') return 'ok';
  if (status === 'OutOfSync') return 'warning';
  return 'unknown';
}

/** Level of an Argo CD health status. */
export function healthLevel(status: HealthStatus | undefined): StatusLevel {
  switch (status) {
    case 'Healthy':
      return 'ok';
    case 'Progressing':
      return 'progress';
    case 'Degraded':
    case 'Missing':
      return 'error';
    case 'Suspended':
      return 'warning';
    default:
      return 'unknown';
  }
}

/** Level of an Argo CD operation phase. */
export function operationLevel(phase: OperationPhase): StatusLevel {
  switch (phase) {
    case 'Succeeded':
      return 'ok';
    case 'Running':
    case 'Terminating':
      return 'progress';
    default:
      return 'error';
  }
}

/** Level of an mTLS verdict. */
export function mtlsLevel(verdict: MtlsVerdict): StatusLevel {
  return (
    {
      strict: 'ok',
      partial: 'warning',
      off: 'error',
      unknown: 'unknown',
    } as const
  )[verdict];
}

/** Human label of an mTLS verdict. */
export function mtlsLabel(verdict: MtlsVerdict): string {
  return {
    strict: 'mTLS strict',
    partial: 'mTLS partial',
    off: 'mTLS off',
    unknown: 'mTLS unknown',
  }[verdict];
}

/** Human label of a source state that is not `ok`. */
export function sourceStateLabel(state: SourceState): string {
  return {
    ok: 'OK',
    'not-configured': 'Not configured',
    'not-found': 'Not found',
    unauthorized: 'Unauthorized',
    unreachable: 'Unreachable',
    timeout: 'Timed out',
    'bad-answer': 'Unexpected answer',
    'not-allowed': 'Not allowed',
  }[state];
}

/** Level of a finding's severity (an info finding is neither good nor bad). */
export const findingSeverityLevel: Record<FindingSeverity, StatusLevel> = {
  error: 'error',
  warning: 'warning',
  info: 'unknown',
};

/** Human label of a finding's severity. */
export const findingSeverityLabel: Record<FindingSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};
