import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  SourceName,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  bindApps,
  entityAppQuery,
  entityBinding,
  entityInstances,
  environmentOf,
  refusal,
  type AccessConfig,
  type AppBinding,
  type ArgoApplication,
} from '../argocd';
import { clusterOf, type MeshCluster } from '../mesh/clusters';
import { readEntityTargets, type EntityTargets } from '../targets';
import {
  argocdCalls,
  notConfigured,
  withoutData,
  type SourceReader,
} from './reader';
import type { ArgoInstance, MeshSources } from './sources';

/** One environment of an entity: where it runs and (when found) the Argo CD app that deploys it. */
export interface ResolvedEnvironment {
  /** Unique among the entity's environments (`environmentId`). */
  id: string;
  name: string;
  namespace: string;
  workload: string;
  instance?: ArgoInstance;
  app?: ArgoApplication;
  /** The configured cluster the app deploys to (`serviceMesh.clusters`); none in one cluster. */
  cluster?: MeshCluster;
  /** The Argo CD part when there is no app (not configured, not found, failed). */
  argocdFailure?: SourceResult<never>;
  /** The app came from the instance's last good list, served because the instance failed now. */
  argocdStale?: Pick<SourceResult<never>, 'stale' | 'message'>;
  /**
   * Why nothing is read for this environment's namespace: no bound application deploys there, only the
   * entity's own annotations name it (see `serviceMesh.access.trustEntityNamespaces`).
   */
  unverified?: string;
}

/**
 * An entity's validated annotations, the rule that binds Argo CD applications to it, and whether a
 * namespace only its annotations name may be read.
 */
export type BoundTargets = EntityTargets & {
  binding: AppBinding;
  trustEntityNamespaces: boolean;
};

/** Validated annotations of an entity and its binding; throws `InputError` naming a bad annotation. */
export function targetsOf(
  sources: MeshSources,
  entity: Entity,
  access: AccessConfig,
): BoundTargets {
  return {
    ...readEntityTargets(
      entity,
      sources.argocd.map(i => i.api.instance),
    ),
    binding: entityBinding(entity, access),
    trustEntityNamespaces: access.trustEntityNamespaces === true,
  };
}

/**
 * Why an environment without a bound application may not be read (its namespace comes from the entity's
 * own annotations), or undefined when the platform trusts entity namespaces.
 */
export function unverifiedNamespace(
  targets: BoundTargets,
  namespace: string,
): string | undefined {
  if (targets.trustEntityNamespaces) return undefined;
  return `Namespace "${namespace}" is named only by ${targets.entityRef}'s own annotations: Meshport reads Kiali and Prometheus for the namespaces that Argo CD applications bound to the entity (meshport.io/entity-ref) deploy to (or set serviceMesh.access.trustEntityNamespaces where every catalog author is trusted)`;
}

const STAGES = [
  'dev',
  'development',
  'test',
  'qa',
  'staging',
  'stage',
  'prod',
  'production',
];

/** Environments in promotion order (dev before staging before prod), others alphabetically after. */
export function byEnvironment(
  a: { name: string },
  b: { name: string },
): number {
  const rank = (name: string) => {
    const i = STAGES.indexOf(name);
    return i === -1 ? STAGES.length : i;
  };
  return rank(a.name) - rank(b.name) || a.name.localeCompare(b.name);
}

/**
 * Where an application deploys the entity's workload: the namespace of its Deployment as the app's
 * own `status.resources` report it (manifests may set their namespace), else the destination
 * namespace, else the entity's default.
 */
export function namespaceOf(
  app: ArgoApplication | undefined,
  targets: EntityTargets,
): string {
  const deployment = app?.status?.resources?.find(
    r =>
      r.kind === 'Deployment' &&
      r.group === 'apps' &&
      r.name === targets.workload &&
      r.namespace,
  );
  return (
    deployment?.namespace ??
    app?.spec?.destination?.namespace ??
    targets.defaultNamespace ??
    'default'
  );
}

/**
 * The identity of an environment deployed by an Argo CD application: `<instance>:<app namespace>/<app>`
 * (`<instance>:<app>` without an app namespace). Two instances may deploy the same environment name;
 * an application deploys to one cluster, so this names one place.
 */
export function environmentId(instance: string, app: ArgoApplication): string {
  const { name, namespace } = app.metadata;
  return `${instance}:${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * The environment a request names, by id or (when only one has it) by name; the first without one.
 * 404 listing the choices when none matches, 400 listing them when a name is ambiguous.
 */
export function findEnvironment<T extends { id: string; name: string }>(
  envs: T[],
  environment: string | undefined,
  entityRef: string,
): T {
  if (environment === undefined && envs.length > 0) return envs[0];
  const byId = envs.find(e => e.id === environment);
  if (byId) return byId;
  const byName = envs.filter(e => e.name === environment);
  const choices = envs.map(e => `"${e.id}"`).join(', ');
  if (byName.length > 1) {
    throw new InputError(
      `${entityRef} has ${byName.length} environments named "${environment}": pick one by id (${byName.map(e => `"${e.id}"`).join(', ')})`,
    );
  }
  if (byName.length === 0) {
    throw new NotFoundError(
      `${entityRef} has no environment "${environment}" (its environments: ${choices})`,
    );
  }
  return byName[0];
}

/** The `not-allowed` answer of a read the environment may not make (`unverified`); else undefined. */
export function unverifiedRead(
  reader: SourceReader,
  env: ResolvedEnvironment,
  source: SourceName,
): SourceResult<never> | undefined {
  // An unconfigured source says so; it has nothing to refuse.
  const configured = {
    kiali: reader.sources.kiali,
    prometheus: reader.sources.prometheus,
    jaeger: reader.sources.jaeger,
    argocd: true,
    git: true,
  }[source];
  return env.unverified === undefined || !configured
    ? undefined
    : reader.tagged<never>({
        source,
        state: 'not-allowed',
        message: env.unverified,
      });
}

function fallback(
  targets: BoundTargets,
  argocdFailure: SourceResult<unknown>,
  name = 'default',
): ResolvedEnvironment {
  const namespace = namespaceOf(undefined, targets);
  const unverified = unverifiedNamespace(targets, namespace);
  return {
    id: name,
    name,
    namespace,
    workload: targets.workload,
    argocdFailure: withoutData(argocdFailure),
    ...(unverified ? { unverified } : {}),
  };
}

/** The entity's environments: one per Argo CD application found, else one `default`. */
export async function resolveEnvironments(
  reader: SourceReader,
  targets: BoundTargets,
): Promise<ResolvedEnvironment[]> {
  if (!targets.argocd) {
    return [
      fallback(
        targets,
        notConfigured(
          'argocd',
          'the entity has no argocd/app-name or argocd/app-selector annotation',
        ),
      ),
    ];
  }
  const instances = entityInstances(targets.argocd, reader.sources.argocd);
  if (instances.length === 0) {
    return [fallback(targets, notConfigured('argocd'))];
  }
  const query = entityAppQuery(targets.argocd);
  const results = await Promise.all(
    instances.map(async instance => ({
      instance,
      result: await reader.read(argocdCalls.appList(instance, query)),
    })),
  );
  const bindings = results.map(r =>
    bindApps(r.result.data ?? [], targets.binding),
  );
  const foreign = bindings.reduce((n, b) => n + b.foreign, 0);
  if (foreign > 0) {
    // Nothing of any application is shown, not even of the bound ones: the query is over-broad.
    return [
      fallback(
        targets,
        reader.tagged({
          source: 'argocd',
          state: 'not-allowed',
          message: refusal(targets.argocd, targets.binding, foreign),
        }),
      ),
    ];
  }
  const environments: ResolvedEnvironment[] = results.flatMap(
    ({ instance, result }, i) =>
      bindings[i].bound.map(app => ({
        ...(result.stale
          ? { argocdStale: { stale: result.stale, message: result.message } }
          : {}),
        id: environmentId(instance.api.instance, app),
        name: environmentOf(app),
        namespace: namespaceOf(app, targets),
        workload: targets.workload,
        instance,
        app,
        cluster: clusterOf(
          app.spec?.destination,
          reader.sources.clusters ?? [],
        ),
      })),
  );
  const failures = results.filter(r => r.result.state !== 'ok');
  if (environments.length > 0) {
    // Instances that failed still show up, so nobody mistakes a missing environment for none.
    for (const { instance, result } of failures) {
      environments.push(fallback(targets, result, instance.api.instance));
    }
    return environments.sort(byEnvironment);
  }
  if (failures.length > 0) {
    return failures.map(({ instance, result }) =>
      fallback(
        targets,
        result,
        failures.length > 1 ? instance.api.instance : 'default',
      ),
    );
  }
  const what = query.selector
    ? `matches the selector "${query.selector}"`
    : `is named "${query.name}"`;
  return [
    fallback(
      targets,
      reader.tagged({
        source: 'argocd',
        state: 'not-found',
        message: `No Argo CD application that ${what}${query.project ? ` in project "${query.project}"` : ''} on ${instances.map(i => `"${i.api.instance}"`).join(', ')}`,
      }),
    ),
  ];
}
