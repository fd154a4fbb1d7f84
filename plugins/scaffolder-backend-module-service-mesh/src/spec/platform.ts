/*
 * The inputs of `meshport:platform:generate`: the service input's field builders and formats, and its
 * shared fields (owner, description, Argo CD namespace, revision, publishing target) as they are.
 * Every problem is reported as `field: rule`, like the service input's.
 */
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { ISTIO_VERSIONS } from '../platform/charts';
import { dnsLabel, formatted } from './fieldTypes';
import { serviceInputFields } from './fields';
import { isClusterRef, isEndpointUrl } from './formats';
import { problemOf } from './input';
import { publishTargetProblems } from './rules';

/** The observability components the platform installs or reuses. */
export const OBSERVABILITY_COMPONENTS = [
  'prometheus',
  'grafana',
  'kiali',
  'jaeger',
] as const;
/** One observability component. */
export type ObservabilityComponent = (typeof OBSERVABILITY_COMPONENTS)[number];

const observability = (z0: typeof z, component: ObservabilityComponent) =>
  z0
    .object({
      mode: z0
        .enum(['install', 'reuse'])
        .default('install')
        .describe(
          `install: the platform installs ${component}; reuse: an existing one at url`,
        ),
      url: formatted(
        z0,
        isEndpointUrl,
        'must be an http(s) URL without credentials, query or fragment',
        500,
      )
        .optional()
        .describe(`URL of the existing ${component} (mode: reuse)`),
    })
    .strict()
    .default({ mode: 'install' });

/** Where the mesh's trust root comes from: one per cluster, or one shared by every cluster. */
export const CA_ROOTS = ['per-cluster', 'shared'] as const;
/** One CA root choice. */
export type CaRoot = (typeof CA_ROOTS)[number];

/** The action's input fields (`schema.input` of `meshport:platform:generate`). */
export const platformInputFields = {
  name: (z0: typeof z) =>
    dnsLabel(z0, 30).describe(
      'Platform name: the catalog System, the Argo CD projects and the mesh ID (DNS-1123 label, at most 30 characters)',
    ),
  description: serviceInputFields.description,
  owner: serviceInputFields.owner,
  clusters: (z0: typeof z) =>
    z0
      .array(
        z0
          .object({
            name: dnsLabel(z0, 20).describe(
              'Cluster name: Istio cluster name, Meshport environment, prefix of its Argo CD Applications',
            ),
            server: formatted(
              z0,
              isClusterRef,
              'must be an https:// API server URL or an Argo CD cluster name',
              253,
            )
              .default('https://kubernetes.default.svc')
              .describe('Argo CD destination: API server URL or cluster name'),
          })
          .strict(),
      )
      .min(1, { message: 'must have at least 1 entry' })
      .max(10, { message: 'must have at most 10 entries' })
      .describe('The clusters of the mesh, each with its own control plane'),
  environments: (z0: typeof z) =>
    z0
      .array(
        z0
          .object({
            name: dnsLabel(z0, 20).describe(
              'Environment name, e.g. dev: the environment of the services created on the platform',
            ),
            cluster: dnsLabel(z0, 20).describe(
              'Name of the cluster (in clusters) its services deploy to',
            ),
          })
          .strict(),
      )
      .max(20, { message: 'must have at most 20 entries' })
      .default([])
      .describe(
        'Environments of the services created on the platform, each on one of its clusters; default: one per cluster, named after it',
      ),
  istioVersion: (z0: typeof z) =>
    z0
      .enum(ISTIO_VERSIONS)
      .default(ISTIO_VERSIONS[0])
      .describe('Istio version of the base, istiod and gateway charts'),
  ca: (z0: typeof z) =>
    z0
      .enum(['istio-csr', 'plugin-cacerts'])
      .default('istio-csr')
      .describe(
        "istio-csr: cert-manager's istio-csr signs workload certificates with the intermediate; plugin-cacerts: istiod signs them with the intermediate mounted as its cacerts secret",
      ),
  caRoot: (z0: typeof z) =>
    z0
      .enum(CA_ROOTS)
      .optional()
      .describe(
        'per-cluster: each cluster creates its own self-signed root (workloads trust only their own cluster); shared: one root created once outside the clusters and delivered to each as a secret, so mTLS works across clusters. Default: shared with several clusters, per-cluster with one',
      ),
  gatewayService: (z0: typeof z) =>
    z0
      .enum(['LoadBalancer', 'NodePort'])
      .default('LoadBalancer')
      .describe('Service type of the ingress gateway'),
  size: (z0: typeof z) =>
    z0
      .enum(['small', 'medium', 'large'])
      .default('small')
      .describe(
        'Resources, replicas, retention and trace sampling for a small, medium or large mesh',
      ),
  observability: (z0: typeof z) =>
    z0
      .object(
        Object.fromEntries(
          OBSERVABILITY_COMPONENTS.map(c => [c, observability(z0, c)]),
        ) as Record<ObservabilityComponent, ReturnType<typeof observability>>,
      )
      .strict()
      .default({})
      .describe(
        'For each of Prometheus, Grafana, Kiali and Jaeger: install, or reuse an existing one',
      ),
  argocdUrl: (z0: typeof z) =>
    formatted(
      z0,
      isEndpointUrl,
      'must be an http(s) URL without credentials, query or fragment',
      500,
    )
      .optional()
      .describe(
        "URL of the Argo CD that runs the platform, for Meshport's configuration",
      ),
  argocdNamespace: serviceInputFields.argocdNamespace,
  targetRevision: serviceInputFields.targetRevision,
  repoUrl: (z0: typeof z) =>
    serviceInputFields
      .repoUrl(z0)
      .describe(
        'Clone URL of the platform repository (Argo CD source.repoURL); give this or localRepository',
      ),
  localRepository: serviceInputFields.localRepository,
  targetPath: serviceInputFields.targetPath,
};

const platformInputObject = z
  .object(
    Object.fromEntries(
      Object.entries(platformInputFields).map(([k, f]) => [k, f(z)]),
    ) as {
      [K in keyof typeof platformInputFields]: ReturnType<
        (typeof platformInputFields)[K]
      >;
    },
  )
  .strict();

/** The action input as the template passes it. */
export type PlatformInput = z.input<typeof platformInputObject>;
/** The validated input with defaults applied (caRoot resolved from the number of clusters). */
export type PlatformSpec = Omit<
  z.output<typeof platformInputObject>,
  'caRoot'
> & {
  caRoot: CaRoot;
};

/** A validation failure: each problem names the field and the rule. */
export class PlatformInputError extends InputError {
  constructor(readonly problems: string[]) {
    super(`Invalid platform input: ${problems.join('; ')}`);
  }
}

const OPTIONAL_FIELDS = [
  'description',
  'caRoot',
  'argocdUrl',
  'repoUrl',
  'localRepository',
];

/** The raw input with optional fields that a form left empty ("") removed. */
function withoutEmptyOptionals(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const input: Record<string, unknown> = { ...raw };
  for (const key of OPTIONAL_FIELDS) if (input[key] === '') delete input[key];
  const obs = input.observability;
  if (typeof obs === 'object' && obs !== null && !Array.isArray(obs)) {
    input.observability = Object.fromEntries(
      Object.entries(obs).map(([k, v]) =>
        typeof v === 'object' &&
        v !== null &&
        (v as { url?: unknown }).url === ''
          ? [k, { ...v, url: undefined }]
          : [k, v],
      ),
    );
  }
  return input;
}

/** Clusters under their own names; each environment on one of them, under its own name. */
export function clusterProblems(
  spec: Pick<PlatformSpec, 'clusters' | 'environments'>,
): string[] {
  const clusters = spec.clusters.map(c => c.name);
  const duplicates = clusters.flatMap((n, i) =>
    clusters.indexOf(n) === i
      ? []
      : [`clusters.${i}.name: "${n}" is already used by another cluster`],
  );
  return [
    ...duplicates,
    ...spec.environments.flatMap((e, i) => [
      ...(clusters.includes(e.cluster)
        ? []
        : [
            `environments.${i}.cluster: "${e.cluster}" is not one of the clusters (${clusters.join(', ')})`,
          ]),
      ...(spec.environments.findIndex(o => o.name === e.name) === i
        ? []
        : [
            `environments.${i}.name: "${e.name}" is already used by another environment`,
          ]),
    ]),
  ];
}

function crossFieldProblems(spec: PlatformSpec): string[] {
  const problems = clusterProblems(spec);
  for (const c of OBSERVABILITY_COMPONENTS) {
    const { mode, url } = spec.observability[c];
    if (mode === 'reuse' && !url)
      problems.push(`observability.${c}.url: is required when mode is reuse`);
    if (mode === 'install' && url)
      problems.push(
        `observability.${c}.url: only with mode reuse (an installed ${c} has its in-cluster address)`,
      );
  }
  return [...problems, ...publishTargetProblems(spec)];
}

/**
 * Validates the raw action input. Optional fields given as "" count as absent. Returns the spec with
 * defaults applied, or throws a PlatformInputError listing every problem as `field: rule`.
 */
export function validatePlatformInput(raw: unknown): PlatformSpec {
  const result = platformInputObject.safeParse(withoutEmptyOptionals(raw));
  if (!result.success) {
    throw new PlatformInputError(result.error.issues.map(problemOf));
  }
  const spec: PlatformSpec = {
    ...result.data,
    caRoot:
      result.data.caRoot ??
      (result.data.clusters.length > 1 ? 'shared' : 'per-cluster'),
  };
  const problems = crossFieldProblems(spec);
  if (problems.length > 0) throw new PlatformInputError(problems);
  return spec;
}
