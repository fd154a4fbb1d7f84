/*
 * The inputs of `meshport:service:generate`, one zod function per field so that the scaffolder shows a
 * description for each. Format rules are refinements, not JSON-schema patterns, so that a bad value is
 * reported by `validateServiceInput` with a message that names the field and the rule.
 */
import { z } from 'zod';
import {
  dnsLabel,
  formatted,
  int,
  list,
  msg,
  resourcePair,
  safeText,
} from './fieldTypes';
import {
  isCaller,
  isClusterRef,
  isEntityRef,
  isGitRef,
  isHostPattern,
  isHttpPath,
  isImageReference,
  isRepoUrl,
  isValidHost,
} from './formats';
import { sharedGatewayField } from './gatewayField';

const environment = (z0: typeof z) =>
  z0
    .object({
      name: dnsLabel(z0, 20).describe('Environment name, e.g. dev'),
      namespace: dnsLabel(z0)
        .optional()
        .describe(
          'Kubernetes namespace of this environment; default "<namespace>-<name>"',
        ),
      cluster: formatted(
        z0,
        isClusterRef,
        'must be an https:// API server URL or an Argo CD cluster name',
        253,
      )
        .default('https://kubernetes.default.svc')
        .describe('Argo CD destination: API server URL or cluster name'),
    })
    .strict();

const canary = (z0: typeof z) =>
  z0
    .object({
      stableVersion: dnsLabel(z0, 15).describe(
        'Version label of the stable workload, e.g. v1',
      ),
      stableWeight: int(z0, 0, 100).describe(
        'Traffic share of the stable version (0-100)',
      ),
      canaryVersion: dnsLabel(z0, 15).describe(
        'Version label of the canary, e.g. v2',
      ),
      canaryWeight: int(z0, 0, 100).describe(
        'Traffic share of the canary (0-100)',
      ),
    })
    .strict();

/** The action's input fields (`schema.input` of `meshport:service:generate`). */
export const serviceInputFields = {
  name: (z0: typeof z) =>
    dnsLabel(z0).describe(
      'Service name: the catalog Component, the Deployment/Service name and the `app` label (DNS-1123 label)',
    ),
  description: (z0: typeof z) =>
    safeText(z0, 500)
      .optional()
      .describe('One-line description for the catalog'),
  owner: (z0: typeof z) =>
    formatted(
      z0,
      isEntityRef,
      'must be an entity reference such as "group:default/team-a"',
    ).describe('Owner entity reference (from OwnerPicker)'),
  system: (z0: typeof z) =>
    formatted(
      z0,
      isEntityRef,
      'must be an entity reference such as "system:default/shop"',
    )
      .optional()
      .describe('System entity reference'),
  lifecycle: (z0: typeof z) =>
    dnsLabel(z0, 30)
      .default('experimental')
      .describe('Catalog lifecycle, e.g. experimental, production'),
  image: (z0: typeof z) =>
    formatted(
      z0,
      isImageReference,
      'must be a container image reference such as "ghcr.io/acme/checkout:1.2.0"',
      255,
    )
      .optional()
      .describe(
        'Container image; defaults to "<name>:0.1.0", built from the skeleton Dockerfile',
      ),
  port: (z0: typeof z) =>
    int(z0, 1, 65535)
      .default(8080)
      .describe('Container and Service port (1-65535)'),
  protocol: (z0: typeof z) =>
    z0
      .enum(['HTTP', 'GRPC', 'TCP'])
      .default('HTTP')
      .describe('Application protocol: HTTP, GRPC or TCP'),
  replicas: (z0: typeof z) =>
    int(z0, 0, 50).default(2).describe('Replicas per Deployment (0-50)'),
  resources: (z0: typeof z) =>
    z0
      .object({ requests: resourcePair(z0), limits: resourcePair(z0) })
      .strict()
      .default({
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      })
      .describe('CPU/memory requests and limits (Kubernetes quantities)'),
  healthPath: (z0: typeof z) =>
    formatted(
      z0,
      isHttpPath,
      'must be a URL path starting with "/" (letters, digits, ".", "_", "~", "-", "/")',
    )
      .default('/healthz')
      .describe('HTTP path of the readiness and liveness probes'),
  version: (z0: typeof z) =>
    dnsLabel(z0, 15)
      .default('v1')
      .describe('`version` label of the workload when there is no canary'),
  exposure: (z0: typeof z) =>
    z0
      .enum(['mesh-internal', 'gateway'])
      .default('mesh-internal')
      .describe(
        'mesh-internal: reachable inside the mesh only; gateway: also through the ingress Gateway',
      ),
  hosts: (z0: typeof z) =>
    list(
      z0,
      {
        test: isValidHost,
        rule: 'must be a DNS name such as "shop.example.com"; a wildcard only as the first label ("*.example.com")',
      },
      10,
      'External host names served by the Gateway (exposure: gateway)',
    ),
  gatewayMode: (z0: typeof z) =>
    z0
      .enum(['gateway-api', 'shared-ingress'])
      .default('gateway-api')
      .describe(
        "gateway-api (default without a platform): a Kubernetes Gateway API Gateway (gatewayClassName: istio) and HTTPRoute; Istio deploys a gateway in the environment's namespace, next to its certificate. shared-ingress (default on a platform): an Istio Gateway on the shared gateway's pods (sharedGateway), with the certificate in their namespace",
      ),
  sharedGateway: sharedGatewayField,
  hostPattern: (z0: typeof z) =>
    formatted(
      z0,
      isHostPattern,
      'must be a host name pattern made of DNS labels and the placeholders {label}, {domain} and {env}, such as "{label}-{env}.{domain}"',
      253,
    )
      .default('{label}-{env}.{domain}')
      .describe(
        'Hosts of every environment but bareHostEnvironment: {label} is the first label of a host, {domain} the rest, {env} the environment (checkout.example.com in dev: checkout-dev.example.com)',
      ),
  bareHostEnvironment: (z0: typeof z) =>
    dnsLabel(z0, 20)
      .default('prod')
      .describe('The environment that serves the hosts exactly as given'),
  gatewayTls: (z0: typeof z) =>
    z0
      .enum(['self-signed', 'existing-secret', 'none'])
      .default('self-signed')
      .describe(
        'Gateway TLS: a self-signed certificate from cert-manager, an existing secret, or plain HTTP',
      ),
  tlsSecretName: (z0: typeof z) =>
    dnsLabel(z0)
      .optional()
      .describe(
        'Name of the existing TLS secret (gatewayTls: existing-secret)',
      ),
  mtlsMode: (z0: typeof z) =>
    z0
      .enum(['STRICT', 'PERMISSIVE'])
      .default('STRICT')
      .describe('PeerAuthentication mode; PERMISSIVE only for migrations'),
  allowedCallers: (z0: typeof z) =>
    list(
      z0,
      {
        test: isCaller,
        rule: 'must be "namespace" or "namespace/serviceaccount" (DNS-1123 labels)',
      },
      20,
      'Callers allowed by the AuthorizationPolicy; everything else is denied',
    ),
  timeoutSeconds: (z0: typeof z) =>
    z0
      .number()
      .min(0.001, msg('must be between 0.001 and 300'))
      .max(300, msg('must be between 0.001 and 300'))
      .default(15)
      .describe('Request timeout in seconds (HTTP/GRPC)'),
  retries: (z0: typeof z) =>
    int(z0, 0, 10).default(2).describe('Retry attempts (0-10, HTTP/GRPC)'),
  outlierDetection: (z0: typeof z) =>
    z0
      .boolean()
      .default(true)
      .describe('Eject hosts after 5 consecutive 5xx errors'),
  // A template renders `${{ {...} if parameters.canaryEnabled }}` as "" when the canary is off; the
  // scaffolder checks the input against this schema before the handler, so "" must be accepted here.
  canary: (z0: typeof z) =>
    z0
      .union([z0.literal('').describe('No canary'), canary(z0)])
      .optional()
      .describe('Two versions and their weights (summing to 100)'),
  environments: (z0: typeof z) =>
    z0
      .array(environment(z0))
      .min(1, msg('must have at least one environment'))
      .max(10, msg('must have at most 10 entries'))
      .describe('Environments, each with its own namespace and cluster'),
  namespace: (z0: typeof z) =>
    dnsLabel(z0, 40)
      .optional()
      .describe(
        'Base Kubernetes namespace; environments default to "<namespace>-<environment>" (default: the service name)',
      ),
  argocdProject: (z0: typeof z) =>
    dnsLabel(z0).default('default').describe('Argo CD project'),
  argocdNamespace: (z0: typeof z) =>
    dnsLabel(z0)
      .default('argocd')
      .describe('Namespace of the Argo CD Application objects'),
  createAppProject: (z0: typeof z) =>
    z0
      .boolean()
      .default(false)
      .describe(
        'Also write an AppProject restricted to this repository and the environments',
      ),
  targetRevision: (z0: typeof z) =>
    formatted(
      z0,
      isGitRef,
      'must be a Git branch, tag or commit such as "main"',
    )
      .default('main')
      .describe('Git revision Argo CD deploys'),
  syncPolicy: (z0: typeof z) =>
    z0
      .object({
        automated: z0.boolean().default(true),
        prune: z0.boolean().default(true),
        selfHeal: z0.boolean().default(true),
      })
      .strict()
      .default({})
      .describe('Argo CD sync policy'),
  repoUrl: (z0: typeof z) =>
    formatted(
      z0,
      isRepoUrl,
      'must be an https:// Git URL without credentials, query or fragment',
      500,
    )
      .optional()
      .describe(
        'Clone URL of the service repository (Argo CD source.repoURL); give this or localRepository',
      ),
  localRepository: (z0: typeof z) =>
    dnsLabel(z0)
      .optional()
      .describe(
        'Name of the local Git repository (local publishing); give this or repoUrl',
      ),
  targetPath: (z0: typeof z) =>
    z0
      .string()
      .default('.')
      .describe('Directory inside the workspace to write into'),
};
