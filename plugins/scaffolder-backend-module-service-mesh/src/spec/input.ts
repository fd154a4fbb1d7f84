import { InputError } from '@backstage/errors';
import { z } from 'zod';

/*
 * The inputs of `meshport:service:generate`, one zod function per field so that the scaffolder shows a
 * description for each. Format rules are refinements, not JSON-schema patterns, so that a bad value is
 * reported by `validateServiceInput` with a message that names the field and the rule.
 */

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const HOST_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Control characters, and Unicode bidi overrides that make text read differently from what it is.
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const ENTITY_REF =
  /^([a-z][a-z0-9]*:)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?$/;
const HTTP_PATH = /^\/[A-Za-z0-9._~\/-]{0,200}$/;
const GIT_REF = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,99}$/;

const msg = (rule: string) => ({ message: rule });

/** A DNS-1123 label: the form of every Kubernetes name we derive. */
export const dnsLabel = (z0: typeof z, max = 63) =>
  z0
    .string()
    .min(1, msg('must not be empty'))
    .max(max, msg(`must be at most ${max} characters`))
    .refine(
      v => DNS_LABEL.test(v),
      msg(
        'must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
      ),
    );

/** One line of human text: no control characters, no bidi overrides. */
const safeText = (z0: typeof z, max: number) =>
  z0
    .string()
    .max(max, msg(`must be at most ${max} characters`))
    .refine(
      v => !UNSAFE_TEXT.test(v),
      msg(
        'must be one line without control or bidirectional-override characters',
      ),
    );

/** A host name that Istio accepts in Gateway and VirtualService hosts; a wildcard only as the first label. */
export function isValidHost(host: string): boolean {
  if (host.length > 253) return false;
  const labels = host.split('.');
  if (labels.length < 2) return false;
  return labels.every(
    (l, i) => (i === 0 && l === '*') || (l.length <= 63 && HOST_LABEL.test(l)),
  );
}

const quantity = (z0: typeof z, kind: 'cpu' | 'memory') =>
  z0
    .string()
    .max(20, msg('must be at most 20 characters'))
    .refine(
      v => QUANTITY.test(v),
      msg(
        `must be a Kubernetes quantity, e.g. ${kind === 'cpu' ? '"250m" or "1"' : '"128Mi" or "1Gi"'}`,
      ),
    );

const resourcePair = (z0: typeof z) =>
  z0
    .object({
      cpu: quantity(z0, 'cpu').describe('CPU, e.g. 100m'),
      memory: quantity(z0, 'memory').describe('Memory, e.g. 128Mi'),
    })
    .strict();

const int = (z0: typeof z, min: number, max: number) =>
  z0
    .number()
    .int(msg('must be a whole number'))
    .min(min, msg(`must be between ${min} and ${max}`))
    .max(max, msg(`must be between ${min} and ${max}`));

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
    z0
      .string()
      .refine(
        v => ENTITY_REF.test(v),
        msg('must be an entity reference such as "group:default/team-a"'),
      )
      .describe('Owner entity reference (from OwnerPicker)'),
  system: (z0: typeof z) =>
    z0
      .string()
      .refine(
        v => ENTITY_REF.test(v),
        msg('must be an entity reference such as "system:default/shop"'),
      )
      .optional()
      .describe('System entity reference'),
  lifecycle: (z0: typeof z) =>
    dnsLabel(z0, 30)
      .default('experimental')
      .describe('Catalog lifecycle, e.g. experimental, production'),
  image: (z0: typeof z) =>
    z0
      .string()
      .max(255, msg('must be at most 255 characters'))
      .refine(
        v => IMAGE.test(v),
        msg(
          'must be a container image reference such as "ghcr.io/acme/checkout:1.2.0"',
        ),
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
    z0
      .string()
      .refine(
        v => HTTP_PATH.test(v),
        msg(
          'must be a URL path starting with "/" (letters, digits, ".", "_", "~", "-", "/")',
        ),
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
    z0
      .array(
        z0
          .string()
          .refine(
            isValidHost,
            msg(
              'must be a DNS name such as "shop.example.com"; a wildcard only as the first label ("*.example.com")',
            ),
          ),
      )
      .max(10, msg('must have at most 10 entries'))
      .default([])
      .describe(
        'External host names served by the Gateway (exposure: gateway)',
      ),
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
    z0
      .array(
        z0
          .string()
          .refine(
            v =>
              v.split('/').length <= 2 &&
              v.split('/').every(p => DNS_LABEL.test(p) && p.length <= 63),
            msg(
              'must be "namespace" or "namespace/serviceaccount" (DNS-1123 labels)',
            ),
          ),
      )
      .max(20, msg('must have at most 20 entries'))
      .default([])
      .describe(
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
      .union([
        z0.literal('').describe('No canary'),
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
          .strict(),
      ])
      .optional()
      .describe('Two versions and their weights (summing to 100)'),
  environments: (z0: typeof z) =>
    z0
      .array(
        z0
          .object({
            name: dnsLabel(z0, 20).describe('Environment name, e.g. dev'),
            namespace: dnsLabel(z0)
              .optional()
              .describe(
                'Kubernetes namespace of this environment; default "<namespace>-<name>"',
              ),
            cluster: z0
              .string()
              .max(253, msg('must be at most 253 characters'))
              .refine(
                v =>
                  /^https:\/\/[a-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/.test(
                    v,
                  ) || /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(v),
                msg(
                  'must be an https:// API server URL or an Argo CD cluster name',
                ),
              )
              .default('https://kubernetes.default.svc')
              .describe('Argo CD destination: API server URL or cluster name'),
          })
          .strict(),
      )
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
    z0
      .string()
      .refine(
        v =>
          GIT_REF.test(v) &&
          !v.includes('..') &&
          !v.endsWith('/') &&
          !v.endsWith('.lock'),
        msg('must be a Git branch, tag or commit such as "main"'),
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
    z0
      .string()
      .max(500, msg('must be at most 500 characters'))
      .refine(v => {
        // WHATWG URL parsing drops tabs and newlines, so they are refused on the raw text first.
        if (!/^https:\/\/[^\s]+$/.test(v)) return false;
        try {
          const u = new URL(v);
          return (
            u.protocol === 'https:' &&
            !u.username &&
            !u.password &&
            !u.search &&
            !u.hash &&
            /^\/[A-Za-z0-9._~\/-]+$/.test(u.pathname)
          );
        } catch {
          return false;
        }
      }, msg('must be an https:// Git URL without credentials, query or fragment'))
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

const serviceInputObject = z
  .object(
    Object.fromEntries(
      Object.entries(serviceInputFields).map(([k, f]) => [k, f(z)]),
    ) as {
      [K in keyof typeof serviceInputFields]: ReturnType<
        (typeof serviceInputFields)[K]
      >;
    },
  )
  .strict();

/** The action input as the template passes it. */
export type ServiceInput = z.input<typeof serviceInputObject>;
type ParsedInput = z.output<typeof serviceInputObject>;
/** The validated input with defaults applied, every environment with its namespace. */
export type ServiceSpec = Omit<ParsedInput, 'environments'> & {
  environments: Array<
    ParsedInput['environments'][number] & { namespace: string }
  >;
};

/** A validation failure: each problem names the field and the rule. */
export class ServiceInputError extends InputError {
  constructor(readonly problems: string[]) {
    super(`Invalid service input: ${problems.join('; ')}`);
  }
}

/** Names derived from the service name, with the kinds that carry them; all must be DNS-1123 labels. */
export function derivedNames(
  spec: ServiceSpec,
): Array<{ name: string; kind: string }> {
  const versions = spec.canary
    ? [spec.canary.stableVersion, spec.canary.canaryVersion]
    : [];
  return [
    ...versions.map(v => ({ name: `${spec.name}-${v}`, kind: 'Deployment' })),
    ...(spec.exposure === 'gateway'
      ? [
          { name: `${spec.name}-ingress`, kind: 'VirtualService' },
          { name: `${spec.name}-gateway`, kind: 'Gateway' },
          ...(spec.gatewayTls === 'self-signed'
            ? [
                { name: `${spec.name}-gateway-tls`, kind: 'Certificate' },
                { name: `${spec.name}-selfsigned`, kind: 'Issuer' },
              ]
            : []),
        ]
      : []),
    ...spec.environments.map(e => ({
      name: `${spec.name}-${e.name}`,
      kind: 'Application',
    })),
  ];
}

function crossFieldProblems(spec: ServiceSpec): string[] {
  const problems: string[] = [];
  for (const d of derivedNames(spec)) {
    if (d.name.length > 63) {
      problems.push(
        `name: "${spec.name}" is too long: the derived ${d.kind} name "${d.name}" would exceed 63 characters`,
      );
    }
  }
  if (spec.canary) {
    const { stableWeight, canaryWeight, stableVersion, canaryVersion } =
      spec.canary;
    if (stableWeight + canaryWeight !== 100) {
      problems.push(
        `canary: stableWeight + canaryWeight must sum to 100 (got ${stableWeight + canaryWeight})`,
      );
    }
    if (stableVersion === canaryVersion) {
      problems.push(
        'canary.canaryVersion: must differ from canary.stableVersion',
      );
    }
  }
  if (spec.exposure === 'gateway') {
    if (spec.hosts.length === 0)
      problems.push('hosts: exposure "gateway" needs at least one host');
    if (spec.protocol === 'TCP')
      problems.push('protocol: exposure "gateway" needs protocol HTTP or GRPC');
  } else if (spec.hosts.length > 0) {
    problems.push('hosts: only allowed with exposure "gateway"');
  }
  if (
    spec.exposure === 'gateway' &&
    spec.gatewayTls === 'existing-secret' &&
    !spec.tlsSecretName
  ) {
    problems.push(
      'tlsSecretName: required when gatewayTls is "existing-secret"',
    );
  }
  if (new Set(spec.hosts).size !== spec.hosts.length)
    problems.push('hosts: must not repeat a host');
  for (const [i, e] of spec.environments.entries()) {
    if (e.namespace.length > 63)
      problems.push(
        `environments.${i}.namespace: the derived namespace "${e.namespace}" exceeds 63 characters`,
      );
  }
  const envNames = spec.environments.map(e => e.name);
  if (new Set(envNames).size !== envNames.length)
    problems.push('environments: names must be unique');
  const targets = spec.environments.map(e => `${e.cluster} ${e.namespace}`);
  if (new Set(targets).size !== targets.length) {
    problems.push(
      'environments: two environments must not deploy to the same namespace of the same cluster',
    );
  }
  if (spec.createAppProject && spec.argocdProject === 'default') {
    problems.push(
      'argocdProject: must not be "default" when createAppProject is true: it would replace Argo CD\'s default project',
    );
  }
  if (Boolean(spec.repoUrl) === Boolean(spec.localRepository)) {
    problems.push('repoUrl: give exactly one of repoUrl and localRepository');
  }
  const targetPath = spec.targetPath.replace(/\\/g, '/');
  if (
    targetPath.startsWith('/') ||
    targetPath.split('/').includes('..') ||
    /^[A-Za-z]:/.test(targetPath) ||
    UNSAFE_TEXT.test(targetPath)
  ) {
    problems.push(
      'targetPath: must be a relative path inside the workspace, without ".."',
    );
  }
  for (const kind of ['requests', 'limits'] as const) {
    for (const r of ['cpu', 'memory'] as const) {
      if (parseQuantity(spec.resources[kind][r]) <= 0)
        problems.push(`resources.${kind}.${r}: must be greater than zero`);
    }
  }
  for (const r of ['cpu', 'memory'] as const) {
    if (
      parseQuantity(spec.resources.requests[r]) >
      parseQuantity(spec.resources.limits[r])
    ) {
      problems.push(
        `resources.requests.${r}: must not exceed resources.limits.${r}`,
      );
    }
  }
  return problems;
}

const SUFFIX: Record<string, number> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Value of a Kubernetes quantity already checked against the quantity format. */
export function parseQuantity(q: string): number {
  const [, num, , suffix] = QUANTITY.exec(q) ?? [];
  return Number(num) * (suffix ? SUFFIX[suffix] : 1);
}

/** Optional fields that a template passes as "" when the form left them empty. */
const OPTIONAL_FIELDS = [
  'description',
  'system',
  'image',
  'tlsSecretName',
  'canary',
  'namespace',
  'repoUrl',
  'localRepository',
];

function withoutEmptyOptionals(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const input: Record<string, unknown> = { ...raw };
  for (const key of OPTIONAL_FIELDS) {
    if (input[key] === '') delete input[key];
  }
  if (Array.isArray(input.environments)) {
    input.environments = input.environments.map(env => {
      if (typeof env !== 'object' || env === null) return env;
      const copy: Record<string, unknown> = { ...env };
      for (const key of ['namespace', 'cluster'])
        if (copy[key] === '') delete copy[key];
      return copy;
    });
  }
  return input;
}

/**
 * Validates the raw action input. Optional fields given as "" (an empty form field) count as absent. Returns the spec with defaults applied, or throws a
 * ServiceInputError whose message lists every problem as `field: rule`.
 */
export function validateServiceInput(raw: unknown): ServiceSpec {
  const result = serviceInputObject.safeParse(withoutEmptyOptionals(raw));
  if (!result.success) {
    throw new ServiceInputError(
      result.error.issues.map(issue => {
        const field = issue.path.join('.') || 'input';
        if (issue.code === 'invalid_type' && issue.expected === 'integer') {
          return `${field}: must be a whole number`;
        }
        if (issue.code === 'invalid_type') {
          return `${field}: ${issue.received === 'undefined' ? 'is required' : `must be a ${issue.expected}, got ${issue.received}`}`;
        }
        if (issue.code === 'unrecognized_keys') {
          return `${field}: unknown field(s) ${issue.keys.map(k => JSON.stringify(k)).join(', ')}`;
        }
        if (issue.code === 'invalid_enum_value') {
          return `${field}: must be one of ${issue.options.join(', ')}`;
        }
        return `${field}: ${issue.message}`;
      }),
    );
  }
  const spec: ServiceSpec = {
    ...result.data,
    environments: result.data.environments.map(e => ({
      ...e,
      namespace:
        e.namespace ?? `${result.data.namespace ?? result.data.name}-${e.name}`,
    })),
  };
  const problems = crossFieldProblems(spec);
  if (problems.length > 0) throw new ServiceInputError(problems);
  return spec;
}
