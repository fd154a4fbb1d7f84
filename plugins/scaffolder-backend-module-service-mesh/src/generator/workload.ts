/*
 * The workload layer: the core Kubernetes objects of the service (its identity, one Deployment per
 * version, the Service) in the base, and each environment's Namespace in its overlay.
 */
import {
  ISTIO_INJECTION_LABEL,
  LABEL_ENVIRONMENT,
} from '@meshport/plugin-service-mesh-common';
import { NAME_LABEL, versionedName } from '../layout';
import { ServiceSpec } from '../spec/input';
import { Models } from './models';
import { PlannedFile } from './planned';

/** Port name per protocol: Istio reads the protocol from it. */
export const portName = { HTTP: 'http', GRPC: 'grpc', TCP: 'tcp' } as const;

/** The ports of a Service of the workload: named and with appProtocol, so Istio knows the protocol. */
export function servicePorts(spec: ServiceSpec) {
  const name = portName[spec.protocol];
  return [
    {
      name,
      appProtocol: name,
      port: spec.port,
      targetPort: name,
      protocol: 'TCP' as const,
    },
  ];
}

/** The versions of the workload: one, or the canary's stable and canary versions with their weights. */
export function workloadVersions(spec: ServiceSpec) {
  return spec.canary
    ? [
        {
          version: spec.canary.stableVersion,
          weight: spec.canary.stableWeight,
          name: versionedName(spec.name, spec.canary.stableVersion),
        },
        {
          version: spec.canary.canaryVersion,
          weight: spec.canary.canaryWeight,
          name: versionedName(spec.name, spec.canary.canaryVersion),
        },
      ]
    : [{ version: spec.version, weight: 100, name: spec.name }];
}

function probe(spec: ServiceSpec) {
  if (spec.protocol === 'HTTP')
    return { httpGet: { path: spec.healthPath, port: portName.HTTP } };
  if (spec.protocol === 'GRPC') return { grpc: { port: spec.port } };
  return { tcpSocket: { port: portName.TCP } };
}

function deployment(
  m: Models,
  spec: ServiceSpec,
  v: ReturnType<typeof workloadVersions>[number],
): PlannedFile {
  const image = spec.image ?? `${spec.name}:0.1.0`;
  const labels = {
    app: spec.name,
    version: v.version,
    [NAME_LABEL]: spec.name,
  };
  return {
    layer: 'workload',
    fileName: `deployment-${v.version}.yaml`,
    kube: true,
    header: `Deployment of ${spec.name} ${v.version}.`,
    comments: {
      'spec.selector':
        'app and version select the pods: Istio telemetry, Kiali and the DestinationRule subsets read them.',
      'spec.template.spec.securityContext':
        'Non-root, no privilege escalation, read-only root file system: the Pod Security "restricted" profile.',
      'spec.template.spec.containers.0.readinessProbe':
        "Istio rewrites HTTP probes to the sidecar's agent, so they keep working under STRICT mTLS and deny-by-default policies.",
    },
    object: new m.Deployment({
      metadata: { name: v.name, labels },
      spec: {
        replicas: spec.replicas,
        selector: { matchLabels: { app: spec.name, version: v.version } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: spec.name,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,
              runAsGroup: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: spec.name,
                image,
                ports: [
                  {
                    name: portName[spec.protocol],
                    containerPort: spec.port,
                    protocol: 'TCP',
                  },
                ],
                env: [
                  { name: 'PORT', value: String(spec.port) },
                  { name: 'SERVICE_VERSION', value: v.version },
                ],
                readinessProbe: { ...probe(spec), periodSeconds: 5 },
                livenessProbe: {
                  ...probe(spec),
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                resources: {
                  requests: { ...spec.resources.requests },
                  limits: { ...spec.resources.limits },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
          },
        },
      },
    }),
  };
}

/** The base's workload objects: ServiceAccount, one Deployment per version, Service. */
export function workloadFiles(m: Models, spec: ServiceSpec): PlannedFile[] {
  const labels = { [NAME_LABEL]: spec.name };
  return [
    {
      layer: 'workload',
      fileName: 'serviceaccount.yaml',
      kube: true,
      header: `Identity of ${spec.name} in the mesh: its mTLS certificate carries this service account.`,
      object: new m.ServiceAccount({
        metadata: { name: spec.name, labels },
        automountServiceAccountToken: false,
      }),
    },
    ...workloadVersions(spec).map(v => deployment(m, spec, v)),
    {
      layer: 'workload',
      fileName: 'service.yaml',
      kube: true,
      header: `Service of ${spec.name}; selects every version.`,
      comments: {
        'spec.ports.0.appProtocol':
          'The port name and appProtocol tell Istio the protocol (no protocol sniffing).',
      },
      object: new m.Service({
        metadata: { name: spec.name, labels },
        spec: {
          selector: { app: spec.name },
          ports: servicePorts(spec),
        },
      }),
    },
  ];
}

/** An environment's Namespace, in its overlay, with sidecar injection on. */
export function namespaceFile(
  m: Models,
  env: ServiceSpec['environments'][number],
): PlannedFile {
  return {
    layer: 'workload',
    environment: env.name,
    fileName: 'namespace.yaml',
    kube: true,
    header: `Namespace of the ${env.name} environment.`,
    comments: {
      [`metadata.labels.${ISTIO_INJECTION_LABEL}`]:
        'Istio injects its sidecar into every pod of this namespace.',
    },
    object: new m.Namespace({
      metadata: {
        name: env.namespace,
        labels: {
          [ISTIO_INJECTION_LABEL]: 'enabled',
          [LABEL_ENVIRONMENT]: env.name,
        },
      },
    }),
  };
}
