import type {
  HealthStatus,
  MtlsVerdict,
  SyncStatus,
} from '@meshport/plugin-service-mesh-common';
import { healthLevel, mtlsLabel, mtlsLevel, syncLevel } from './levels';
import { StatusChip } from './StatusChip';

/** An Argo CD sync status as a chip ("OutOfSync", titled "Sync: OutOfSync"). */
export const SyncChip = (props: { status: SyncStatus }) => (
  <StatusChip
    level={syncLevel(props.status)}
    label={props.status}
    title={`Sync: ${props.status}`}
  />
);

/** An Argo CD health status as a chip ("Degraded", titled "Health: Degraded"). */
export const HealthChip = (props: { status: HealthStatus }) => (
  <StatusChip
    level={healthLevel(props.status)}
    label={props.status}
    title={`Health: ${props.status}`}
  />
);

/** The backend's mTLS verdict as a chip ("mTLS partial"). */
export const MtlsChip = (props: { verdict: MtlsVerdict; title?: string }) => (
  <StatusChip
    level={mtlsLevel(props.verdict)}
    label={mtlsLabel(props.verdict)}
    title={props.title}
  />
);
