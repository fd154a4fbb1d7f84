import {
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_PROJECT_NAME,
  ANNOTATION_JAEGER_SERVICE,
  ANNOTATION_KIALI_NAMESPACE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_MESH_MANIFESTS,
  ANNOTATION_MESH_WORKLOAD,
  ANNOTATION_SOURCE_LOCATION,
  LABEL_ENVIRONMENT,
} from '@meshport/plugin-service-mesh-common';
import { ServiceSpec } from '../spec/input';
import { Models } from './models';

/** Directory of the manifests inside the generated repository. */
export const MANIFESTS_DIR = 'deploy';
const NAME_LABEL = 'app.kubernetes.io/name';
/** Service account of Istio's default ingress gateway (istio/istio manifests/charts/gateways). */
const INGRESS_GATEWAY_PRINCIPAL =
  'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

/** One object to write: its file, whether it is a Kubernetes object to validate, and its comments. */
export interface PlannedFile {
  path: string;
  /** A kubernetes-models instance (validated) or a plain object (kustomization, catalog entity). */
  object:
    { toJSON?: () => unknown; validate?: () => void } | Record<string, unknown>;
  /** A Kubernetes API object that a cluster receives (analyzed), as opposed to kustomize/catalog files. */
  kube: boolean;
  header: string;
  comments?: Record<string, string>;
}

/** Where the generated repository lives: the Argo CD source and the catalog's location annotations. */
export interface RepoLocation {
  /** Git clone URL (https:// or file://). */
  cloneUrl: string;
  /** `url:...` or `file:...` location of the repository root for catalog annotations, when known. */
  sourceLocation?: string;
  /** Location of the manifests directory, in the same form. */
  manifestsLocation: string;
}

const portName = { HTTP: 'http', GRPC: 'grpc', TCP: 'tcp' } as const;

function versions(spec: ServiceSpec) {
  return spec.canary
    ? [
        {
          version: spec.canary.stableVersion,
          weight: spec.canary.stableWeight,
          name: `${spec.name}-${spec.canary.stableVersion}`,
        },
        {
          version: spec.canary.canaryVersion,
          weight: spec.canary.canaryWeight,
          name: `${spec.name}-${spec.canary.canaryVersion}`,
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
  v: ReturnType<typeof versions>[number],
): PlannedFile {
  const image = spec.image ?? `${spec.name}:0.1.0`;
  const labels = {
    app: spec.name,
    version: v.version,
    [NAME_LABEL]: spec.name,
  };
  return {
    path: `base/deployment-${v.version}.yaml`,
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

function routeDestinations(spec: ServiceSpec) {
  const port = { number: spec.port };
  if (!spec.canary) return [{ destination: { host: spec.name, port } }];
  return versions(spec).map(v => ({
    destination: { host: spec.name, subset: v.version, port },
    weight: v.weight,
  }));
}

function virtualService(
  m: Models,
  spec: ServiceSpec,
  ingress: boolean,
): PlannedFile {
  const name = ingress ? `${spec.name}-ingress` : spec.name;
  const routes =
    spec.protocol === 'TCP'
      ? { tcp: [{ route: routeDestinations(spec) }] }
      : {
          http: [
            {
              timeout: `${spec.timeoutSeconds}s`,
              ...(spec.retries > 0
                ? {
                    retries: {
                      attempts: spec.retries,
                      perTryTimeout: `${Math.max(spec.timeoutSeconds / (spec.retries + 1), 0.001)}s`,
                      retryOn:
                        'connect-failure,refused-stream,unavailable,cancelled,5xx',
                    },
                  }
                : {}),
              route: routeDestinations(spec),
            },
          ],
        };
  return {
    path: `base/virtualservice${ingress ? '-ingress' : ''}.yaml`,
    kube: true,
    header: ingress
      ? `Routes traffic entering through Gateway ${spec.name}-gateway for ${spec.hosts.join(', ')}.`
      : `Routes traffic to ${spec.name} inside the mesh.`,
    comments: {
      ...(spec.protocol !== 'TCP' && spec.retries > 0
        ? {
            'spec.http.0.retries':
              'Each try gets an equal share of the timeout, so all tries fit within it.',
          }
        : {}),
      ...(spec.canary
        ? {
            [`spec.${spec.protocol === 'TCP' ? 'tcp' : 'http'}.0.route`]:
              'Canary split; the weights sum to 100.',
          }
        : {}),
    },
    object: new m.VirtualService({
      metadata: { name, labels: { [NAME_LABEL]: spec.name } },
      spec: {
        hosts: ingress ? [...spec.hosts] : [spec.name],
        ...(ingress ? { gateways: [`${spec.name}-gateway`] } : {}),
        ...routes,
      },
    }),
  };
}

function manifests(m: Models, spec: ServiceSpec): PlannedFile[] {
  const labels = { [NAME_LABEL]: spec.name };
  const files: PlannedFile[] = [
    {
      path: 'base/serviceaccount.yaml',
      kube: true,
      header: `Identity of ${spec.name} in the mesh: its mTLS certificate carries this service account.`,
      object: new m.ServiceAccount({
        metadata: { name: spec.name, labels },
        automountServiceAccountToken: false,
      }),
    },
    ...versions(spec).map(v => deployment(m, spec, v)),
    {
      path: 'base/service.yaml',
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
          ports: [
            {
              name: portName[spec.protocol],
              appProtocol: portName[spec.protocol],
              port: spec.port,
              targetPort: portName[spec.protocol],
              protocol: 'TCP',
            },
          ],
        },
      }),
    },
    {
      path: 'base/destinationrule.yaml',
      kube: true,
      header: `Traffic policy for calls to ${spec.name}.`,
      comments: {
        'spec.trafficPolicy.tls':
          'ISTIO_MUTUAL: calls use the mesh certificates, matching the PeerAuthentication.',
        ...(spec.outlierDetection
          ? {
              'spec.trafficPolicy.outlierDetection':
                'Ejects a pod for 30s after 5 consecutive 5xx errors, at most half of the pods.',
            }
          : {}),
      },
      object: new m.DestinationRule({
        metadata: { name: spec.name, labels },
        spec: {
          host: spec.name,
          trafficPolicy: {
            tls: { mode: 'ISTIO_MUTUAL' },
            ...(spec.outlierDetection
              ? {
                  outlierDetection: {
                    consecutive5xxErrors: 5,
                    interval: '10s',
                    baseEjectionTime: '30s',
                    maxEjectionPercent: 50,
                  },
                }
              : {}),
          },
          ...(spec.canary
            ? {
                subsets: versions(spec).map(v => ({
                  name: v.version,
                  labels: { version: v.version },
                })),
              }
            : {}),
        },
      }),
    },
    virtualService(m, spec, false),
    {
      path: 'base/peerauthentication.yaml',
      kube: true,
      header: `mTLS mode of ${spec.name}'s pods.`,
      comments: {
        'spec.mtls':
          spec.mtlsMode === 'STRICT'
            ? 'STRICT: only mesh clients with a certificate can connect.'
            : 'PERMISSIVE accepts plain text too: use it only while clients migrate into the mesh, then switch to STRICT.',
      },
      object: new m.PeerAuthentication({
        metadata: { name: spec.name, labels },
        spec: {
          selector: { matchLabels: { app: spec.name } },
          mtls: { mode: spec.mtlsMode },
        },
      }),
    },
  ];

  const callers = [...spec.allowedCallers];
  const principals = callers
    .filter(c => c.includes('/'))
    .map(c => `cluster.local/ns/${c.split('/')[0]}/sa/${c.split('/')[1]}`);
  if (spec.exposure === 'gateway') principals.push(INGRESS_GATEWAY_PRINCIPAL);
  const namespaces = callers.filter(c => !c.includes('/'));
  const rules = [
    ...(namespaces.length ? [{ from: [{ source: { namespaces } }] }] : []),
    ...(principals.length ? [{ from: [{ source: { principals } }] }] : []),
  ];
  files.push({
    path: 'base/authorizationpolicy.yaml',
    kube: true,
    header: rules.length
      ? `Allows only the listed callers to reach ${spec.name}; every other request is denied.`
      : `An ALLOW policy without rules: every request to ${spec.name} is denied until callers are added.`,
    comments: rules.length
      ? {
          'spec.rules':
            'Principals and namespaces come from mTLS peer certificates: plain-text callers match no rule.',
        }
      : {},
    object: new m.AuthorizationPolicy({
      metadata: { name: spec.name, labels },
      spec: {
        selector: { matchLabels: { app: spec.name } },
        action: 'ALLOW',
        ...(rules.length ? { rules } : {}),
      },
    }),
  });

  if (spec.exposure === 'gateway') {
    const tls = spec.gatewayTls !== 'none';
    const secret =
      spec.gatewayTls === 'existing-secret'
        ? spec.tlsSecretName!
        : `${spec.name}-gateway-tls`;
    files.push({
      path: 'base/gateway.yaml',
      kube: true,
      header: `Ingress for ${spec.hosts.join(', ')} on Istio's ingress gateway.`,
      comments: tls
        ? {
            'spec.servers.0.tls.credentialName':
              "Istio reads this secret from the namespace of the gateway's pods: run a gateway in this namespace or copy the secret there.",
            'spec.servers.1.tls': 'Plain HTTP only redirects to HTTPS.',
          }
        : {
            'spec.servers.0':
              'Plain HTTP (gatewayTls: none): use only behind a TLS-terminating load balancer.',
          },
      object: new m.Gateway({
        metadata: { name: `${spec.name}-gateway`, labels },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: tls
            ? [
                {
                  port: { number: 443, name: 'https', protocol: 'HTTPS' },
                  hosts: [...spec.hosts],
                  tls: { mode: 'SIMPLE', credentialName: secret },
                },
                {
                  port: { number: 80, name: 'http', protocol: 'HTTP' },
                  hosts: [...spec.hosts],
                  tls: { httpsRedirect: true },
                },
              ]
            : [
                {
                  port: { number: 80, name: 'http', protocol: 'HTTP' },
                  hosts: [...spec.hosts],
                },
              ],
        },
      }),
    });
    files.push(virtualService(m, spec, true));
    if (spec.gatewayTls === 'self-signed') {
      files.push({
        path: 'base/issuer.yaml',
        kube: true,
        header:
          'Self-signed issuer for the gateway certificate: for development; browsers will not trust it.',
        object: new m.Issuer({
          metadata: { name: `${spec.name}-selfsigned`, labels },
          spec: { selfSigned: {} },
        }),
      });
      files.push({
        path: 'base/certificate.yaml',
        kube: true,
        header:
          'The gateway certificate. cert-manager creates the key in the cluster: no key is stored in Git.',
        comments: {
          'spec.privateKey.rotationPolicy': 'A new key at every renewal.',
        },
        object: new m.Certificate({
          metadata: { name: `${spec.name}-gateway-tls`, labels },
          spec: {
            secretName: secret,
            dnsNames: [...spec.hosts],
            duration: '2160h',
            renewBefore: '360h',
            privateKey: {
              algorithm: 'ECDSA',
              size: 256,
              rotationPolicy: 'Always',
            },
            issuerRef: {
              name: `${spec.name}-selfsigned`,
              kind: 'Issuer',
              group: 'cert-manager.io',
            },
          },
        }),
      });
    }
  }
  return files;
}

function destination(cluster: string) {
  return cluster.startsWith('https://')
    ? { server: cluster }
    : { name: cluster };
}

/** Plans every file of the generated repository, in a fixed order. */
export function planFiles(
  m: Models,
  spec: ServiceSpec,
  repo: RepoLocation,
): PlannedFile[] {
  const base = manifests(m, spec);
  const files: PlannedFile[] = base.map(f => ({
    ...f,
    path: `${MANIFESTS_DIR}/${f.path}`,
  }));
  files.push({
    path: `${MANIFESTS_DIR}/base/kustomization.yaml`,
    kube: false,
    header:
      'Environment-independent resources; each overlay sets the namespace.',
    object: {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: base.map(f => f.path.slice('base/'.length)),
    },
  });
  for (const env of spec.environments) {
    files.push({
      path: `${MANIFESTS_DIR}/overlays/${env.name}/namespace.yaml`,
      kube: true,
      header: `Namespace of the ${env.name} environment.`,
      comments: {
        'metadata.labels.istio-injection':
          'Istio injects its sidecar into every pod of this namespace.',
      },
      object: new m.Namespace({
        metadata: {
          name: env.namespace,
          labels: {
            'istio-injection': 'enabled',
            [LABEL_ENVIRONMENT]: env.name,
          },
        },
      }),
    });
    files.push({
      path: `${MANIFESTS_DIR}/overlays/${env.name}/kustomization.yaml`,
      kube: false,
      header: `The ${env.name} environment: the base in namespace ${env.namespace}.`,
      object: {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: env.namespace,
        resources: ['../../base', 'namespace.yaml'],
      },
    });
  }
  const appLabels = (env: string) => ({
    [NAME_LABEL]: spec.name,
    [LABEL_ENVIRONMENT]: env,
  });
  for (const env of spec.environments) {
    const { automated, prune, selfHeal } = spec.syncPolicy;
    files.push({
      path: `${MANIFESTS_DIR}/argocd/${env.name}.yaml`,
      kube: true,
      header: `Argo CD deploys the ${env.name} overlay. Apply it to Argo CD's namespace, or let an app-of-apps pick it up.`,
      comments: {
        'metadata.labels': `Meshport and the Argo CD plugins find this application through ${NAME_LABEL}; ${LABEL_ENVIRONMENT} names the environment.`,
        ...(automated
          ? {
              'spec.syncPolicy.automated':
                'Argo CD applies every commit; prune deletes what Git no longer has; selfHeal reverts drift.',
            }
          : {
              'spec.syncPolicy':
                'Manual sync: Argo CD reports drift, a person decides when to sync.',
            }),
      },
      object: new m.Application({
        metadata: {
          name: `${spec.name}-${env.name}`,
          namespace: spec.argocdNamespace,
          labels: appLabels(env.name),
        },
        spec: {
          project: spec.argocdProject,
          source: {
            repoURL: repo.cloneUrl,
            targetRevision: spec.targetRevision,
            path: `${MANIFESTS_DIR}/overlays/${env.name}`,
          },
          destination: {
            ...destination(env.cluster),
            namespace: env.namespace,
          },
          syncPolicy: automated ? { automated: { prune, selfHeal } } : {},
        },
      }),
    });
  }
  if (spec.createAppProject) {
    const kinds = [
      ...new Map(
        base.map(f => {
          const o = (
            f.object as { toJSON(): { apiVersion: string; kind: string } }
          ).toJSON();
          const group = o.apiVersion.includes('/')
            ? o.apiVersion.split('/')[0]
            : '';
          return [`${group}/${o.kind}`, { group, kind: o.kind }];
        }),
      ).values(),
    ];
    files.push({
      path: `${MANIFESTS_DIR}/argocd/appproject.yaml`,
      kube: true,
      header: `Argo CD project ${spec.argocdProject}: only this repository, only the environments' namespaces, only the kinds generated here.`,
      object: new m.AppProject({
        metadata: {
          name: spec.argocdProject,
          namespace: spec.argocdNamespace,
          labels: { [NAME_LABEL]: spec.name },
        },
        spec: {
          description: `Deployments of ${spec.name}`,
          sourceRepos: [repo.cloneUrl],
          destinations: spec.environments.map(e => ({
            ...destination(e.cluster),
            namespace: e.namespace,
          })),
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
          namespaceResourceWhitelist: kinds,
        },
      }),
    });
  }
  const annotations: Record<string, string> = {
    [ANNOTATION_ARGOCD_APP_SELECTOR]: `${NAME_LABEL}=${spec.name}`,
    [ANNOTATION_ARGOCD_PROJECT_NAME]: spec.argocdProject,
    [ANNOTATION_KUBERNETES_ID]: spec.name,
    [ANNOTATION_MESH_WORKLOAD]: spec.name,
    [ANNOTATION_MESH_MANIFESTS]: repo.manifestsLocation,
    [ANNOTATION_KIALI_NAMESPACE]: spec.environments
      .map(e => e.namespace)
      .join(','),
    [ANNOTATION_JAEGER_SERVICE]: spec.name,
    ...(repo.sourceLocation
      ? { [ANNOTATION_SOURCE_LOCATION]: repo.sourceLocation }
      : {}),
  };
  files.push({
    path: 'catalog-info.yaml',
    kube: false,
    header: `Catalog entry of ${spec.name}. The annotations connect the Meshport, Argo CD, Kubernetes, Kiali and Jaeger plugins.`,
    object: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: spec.name,
        ...(spec.description ? { description: spec.description } : {}),
        annotations,
        tags: ['istio', 'argocd'],
      },
      spec: {
        type: 'service',
        lifecycle: spec.lifecycle,
        owner: spec.owner,
        ...(spec.system ? { system: spec.system } : {}),
      },
    },
  });
  return files;
}
