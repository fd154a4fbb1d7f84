import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { JsonValue } from '@backstage/types';
import {
  analyzeManifests,
  parseManifests,
  type ArgoActionResult,
  type DiagnosticsEntry,
  type EntityMeshStatus,
  type EntitySignalsResponse,
  type EnvironmentStatus,
  type Finding,
  type GoldenSignalValues,
  type KubeObject,
  type MeshOverview,
  type ObservedMtls,
  type OverviewRow,
  type ReportedMtls,
  type RevisionMetadata,
  type SignalRange,
  type SourceName,
  type SourceResult,
} from '@meshport/plugin-service-mesh-common';
import {
  environmentOf,
  healthStatusOf,
  mapApplication,
  syncStatusOf,
  type ArgoAppQuery,
  type ArgoApplication,
  type ArgoApplicationTree,
} from '../argocd';
import type { SourceCache } from '../cache';
import type { ManifestFile } from '../git';
import type {
  KialiClustersHealth,
  KialiMtlsStatus,
  KialiWorkload,
} from '../kiali';
import { kialiVersion } from '../kiali';
import { buildLinks, declaredMtls, mtlsVerdict, sidecarStatus } from '../mesh';
import {
  NO_SIGNAL_VALUES,
  SIGNAL_RANGES,
  workloadKey,
  type OverviewSignals,
  type WorkloadTarget,
} from '../prometheus';
import {
  matchesLabelSelector,
  readEntityTargets,
  type EntityTargets,
} from '../targets';
import {
  describeSource,
  notConfiguredSource,
  UpstreamError,
} from '../upstream';
import { Deadline } from './deadline';
import { overviewApplication, slimApplication } from './slimApplication';
import type { ArgoInstance, MeshSources } from './sources';

/** One environment of an entity: where it runs and (when found) the Argo CD app that deploys it. */
interface ResolvedEnvironment {
  name: string;
  namespace: string;
  workload: string;
  instance?: ArgoInstance;
  app?: ArgoApplication;
  /** The Argo CD part when there is no app (not configured, not found, failed). */
  argocdFailure?: SourceResult<never>;
}

const REPORTED: ReportedMtls['status'][] = [
  'MTLS_ENABLED',
  'MTLS_PARTIALLY_ENABLED',
  'MTLS_NOT_ENABLED',
  'MTLS_DISABLED',
];
const REVISION = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/;

const asJson = <T>(value: T) => value as unknown as JsonValue;

/**
 * Computes the mesh status of catalog entities from the configured sources: all upstream calls of one
 * request in parallel, each cached and coalesced, all bounded by one deadline, and every source
 * reported separately so that one failing source never fails the answer.
 */
export class MeshStatusService {
  constructor(
    private readonly options: {
      sources: MeshSources;
      cache: SourceCache;
      deadlineMs: number;
      logger: LoggerService;
    },
  ) {}

  private get sources() {
    return this.options.sources;
  }

  /** Validated annotations of an entity; throws `InputError` naming a bad annotation. */
  targetsOf(entity: Entity): EntityTargets {
    return readEntityTargets(
      entity,
      this.sources.argocd.map(i => i.api.instance),
    );
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.options.cache.get(key, async () =>
      asJson(await load()),
    ) as Promise<T>;
  }

  private instancesFor(targets: EntityTargets): ArgoInstance[] {
    const names = targets.argocd?.instances;
    return this.sources.argocd.filter(
      i => !names || names.includes(i.api.instance),
    );
  }

  private listKey(instance: ArgoInstance, query: ArgoAppQuery) {
    return `argocd:${instance.api.instance}:list:${JSON.stringify(query)}`;
  }

  private listApps(instance: ArgoInstance, query: ArgoAppQuery) {
    return this.cached(this.listKey(instance, query), async () =>
      (await instance.api.listApplications(query)).map(slimApplication),
    );
  }

  private overviewKey(instance: ArgoInstance) {
    return `argocd:${instance.api.instance}:overview`;
  }

  /** Every application of an instance, in the overview's shape. */
  private overviewApps(instance: ArgoInstance) {
    return this.cached(this.overviewKey(instance), async () =>
      (await instance.api.listApplications({})).map(overviewApplication),
    );
  }

  private appQuery(targets: EntityTargets): ArgoAppQuery {
    const argocd = targets.argocd!;
    return {
      ...(argocd.selector ? { selector: argocd.selector.text } : {}),
      ...(argocd.appName ? { name: argocd.appName } : {}),
      ...(argocd.project ? { project: argocd.project } : {}),
      ...(argocd.appNamespace ? { appNamespace: argocd.appNamespace } : {}),
    };
  }

  private fallbackEnvironment(
    targets: EntityTargets,
    argocdFailure: SourceResult<never>,
    name = 'default',
  ): ResolvedEnvironment {
    return {
      name,
      namespace: targets.defaultNamespace ?? 'default',
      workload: targets.workload,
      argocdFailure,
    };
  }

  /** The entity's environments: one per Argo CD application found, else one `default`. */
  private async environments(
    targets: EntityTargets,
    deadline: Deadline,
  ): Promise<ResolvedEnvironment[]> {
    const sandbox = this.sources.sandbox;
    if (!targets.argocd) {
      return [
        this.fallbackEnvironment(
          targets,
          notConfiguredSource(
            'argocd',
            'the entity has no argocd/app-name or argocd/app-selector annotation',
          ),
        ),
      ];
    }
    const instances = this.instancesFor(targets);
    if (instances.length === 0) {
      return [
        this.fallbackEnvironment(
          targets,
          notConfiguredSource(
            'argocd',
            'add serviceMesh.argocd.instances to the backend config',
          ),
        ),
      ];
    }
    const query = this.appQuery(targets);
    const results = await Promise.all(
      instances.map(async instance => ({
        instance,
        result: await deadline.settle(
          'argocd',
          instance.api.instance,
          () => this.listApps(instance, query),
          sandbox,
        ),
      })),
    );
    const environments: ResolvedEnvironment[] = [];
    for (const { instance, result } of results) {
      for (const app of result.data ?? []) {
        environments.push({
          name: environmentOf(app),
          namespace:
            app.spec?.destination?.namespace ??
            targets.defaultNamespace ??
            'default',
          workload: targets.workload,
          instance,
          app,
        });
      }
    }
    const failures = results.filter(r => r.result.state !== 'ok');
    if (environments.length > 0) {
      // Instances that failed still show up, so nobody mistakes a missing environment for none.
      for (const { instance, result } of failures) {
        environments.push(
          this.fallbackEnvironment(
            targets,
            result as SourceResult<never>,
            instance.api.instance,
          ),
        );
      }
      return environments.sort(byEnvironment);
    }
    if (failures.length > 0) {
      return failures.map(({ instance, result }) =>
        this.fallbackEnvironment(
          targets,
          result as SourceResult<never>,
          failures.length > 1 ? instance.api.instance : 'default',
        ),
      );
    }
    const what = query.selector
      ? `matches the selector "${query.selector}"`
      : `is named "${query.name}"`;
    return [
      this.fallbackEnvironment(targets, {
        source: 'argocd',
        state: 'not-found',
        message: `No Argo CD application that ${what}${query.project ? ` in project "${query.project}"` : ''} on ${instances.map(i => `"${i.api.instance}"`).join(', ')}`,
        ...(sandbox ? { sandbox: true } : {}),
      }),
    ];
  }

  private async manifests(
    targets: EntityTargets,
    deadline: Deadline,
  ): Promise<SourceResult<{ objects: KubeObject[]; findings: Finding[] }>> {
    const location = targets.manifests;
    if (!location) {
      return notConfiguredSource(
        'git',
        'annotate the entity with meshport.io/manifests or backstage.io/source-location',
      );
    }
    if (location.type === 'file' && !this.sources.sandbox) {
      return notConfiguredSource(
        'git',
        `the manifests are in a local repository (file:${location.target}); Meshport reads only url: locations, through the URL readers`,
      );
    }
    const files = await deadline.settle(
      'git',
      undefined,
      () =>
        this.cached<ManifestFile[]>(`git:manifests:${location.target}`, () =>
          this.sources.manifests.read(location.target),
        ),
      this.sources.sandbox,
    );
    if (files.state !== 'ok') return files as SourceResult<never>;
    const objects: KubeObject[] = [];
    const unparsable: Finding[] = [];
    for (const file of files.data!) {
      try {
        objects.push(...parseManifests(file.text));
      } catch (error) {
        unparsable.push({
          rule: 'manifest-unparsable',
          severity: 'info',
          object: { kind: 'File', name: file.path },
          message: `${file.path} is not plain Kubernetes YAML and was skipped: ${(error as Error).message}`,
          fix: 'Keep rendered manifests (or kustomize bases) under meshport.io/manifests; templates cannot be analyzed.',
        });
      }
    }
    return {
      ...files,
      data: {
        objects,
        findings: [...analyzeManifests(objects), ...unparsable],
      },
    };
  }

  private async kialiMajorVersion(
    deadline: Deadline,
  ): Promise<number | undefined> {
    const kiali = this.sources.kiali;
    if (!kiali) return undefined;
    try {
      const status = await deadline.race(
        this.cached('kiali:status', () => kiali.api.status()),
        'kiali',
      );
      const match = /^v?(\d+)\./.exec(kialiVersion(status) ?? '');
      return match ? Number(match[1]) : undefined;
    } catch {
      // Unknown version: links use the current (>= 2.0) form.
      return undefined;
    }
  }

  private kialiTls(namespaces: string[], deadline: Deadline) {
    const kiali = this.sources.kiali;
    if (!kiali) {
      return Promise.resolve(
        notConfiguredSource<KialiMtlsStatus[]>(
          'kiali',
          'add serviceMesh.kiali to the backend config',
        ),
      );
    }
    const sorted = [...new Set(namespaces)].sort();
    if (sorted.length === 0) {
      return Promise.resolve<SourceResult<KialiMtlsStatus[]>>({
        source: 'kiali',
        state: 'ok',
        data: [],
      });
    }
    return deadline.settle(
      'kiali',
      undefined,
      () =>
        this.cached(`kiali:tls:${sorted.join(',')}`, () =>
          kiali.api.clustersTls(sorted),
        ),
      this.sources.sandbox,
    );
  }

  private kialiHealth(namespaces: string[], deadline: Deadline) {
    const kiali = this.sources.kiali!;
    const sorted = [...new Set(namespaces)].sort();
    return deadline.settle(
      'kiali',
      undefined,
      () =>
        this.cached<KialiClustersHealth>(
          `kiali:health:${sorted.join(',')}`,
          () => kiali.api.workloadHealth(sorted),
        ),
      this.sources.sandbox,
    );
  }

  private kialiWorkload(target: WorkloadTarget, deadline: Deadline) {
    const kiali = this.sources.kiali!;
    return deadline.settle(
      'kiali',
      undefined,
      () =>
        this.cached<KialiWorkload>(
          `kiali:workload:${workloadKey(target)}`,
          () => kiali.api.workload(target.namespace, target.workload),
        ),
      this.sources.sandbox,
    );
  }

  private prometheusBatch<T>(
    kind: 'current' | 'mtls',
    targets: WorkloadTarget[],
    deadline: Deadline,
  ): Promise<SourceResult<Record<string, T>>> {
    const prometheus = this.sources.prometheus;
    if (!prometheus) {
      return Promise.resolve(
        notConfiguredSource(
          'prometheus',
          'add serviceMesh.prometheus to the backend config',
        ),
      );
    }
    const unique = [
      ...new Map(targets.map(t => [workloadKey(t), t])).values(),
    ].sort((a, b) => workloadKey(a).localeCompare(workloadKey(b)));
    return deadline.settle(
      'prometheus',
      undefined,
      () =>
        this.cached(
          `prometheus:${kind}:${unique.map(workloadKey).join(',')}`,
          async () => {
            const map =
              kind === 'current'
                ? await prometheus.signals.currentValues(unique)
                : await prometheus.signals.observedMtls(unique);
            return Object.fromEntries(map) as Record<string, T>;
          },
        ),
      this.sources.sandbox,
    );
  }

  /** The overview's Prometheus values of every workload; needs no targets, so it starts first. */
  private prometheusOverview(
    deadline: Deadline,
  ): Promise<SourceResult<Record<string, OverviewSignals>>> {
    const prometheus = this.sources.prometheus;
    if (!prometheus) {
      return Promise.resolve(
        notConfiguredSource(
          'prometheus',
          'add serviceMesh.prometheus to the backend config',
        ),
      );
    }
    return deadline.settle(
      'prometheus',
      undefined,
      () =>
        this.cached('prometheus:overview', async () =>
          Object.fromEntries(await prometheus.signals.overviewValues()),
        ),
      this.sources.sandbox,
    );
  }

  private resourceTree(env: ResolvedEnvironment, deadline: Deadline) {
    const app = env.app!;
    const instance = env.instance!;
    return deadline.settle(
      'argocd',
      instance.api.instance,
      () =>
        this.cached<ArgoApplicationTree>(
          `argocd:${instance.api.instance}:tree:${app.metadata.namespace ?? ''}/${app.metadata.name}`,
          () =>
            instance.api.resourceTree(
              app.metadata.name,
              app.metadata.namespace,
            ),
        ),
      this.sources.sandbox,
    );
  }

  /** Picks one key out of a batched source result, keeping the state and message. */
  private pick<T>(
    batch: SourceResult<Record<string, T>>,
    key: string,
    missing: () => T,
  ): SourceResult<T> {
    if (batch.state !== 'ok') return batch as SourceResult<never>;
    return { ...batch, data: batch.data?.[key] ?? missing() };
  }

  /** `GET /entities/.../status` */
  async entityStatus(entity: Entity): Promise<EntityMeshStatus> {
    const targets = this.targetsOf(entity);
    const deadline = new Deadline(this.options.deadlineMs);
    const sandbox = this.sources.sandbox;
    // Kiali's version only shapes the links: it must not hold back the calls that need the
    // environments (a hanging Kiali would otherwise cost its timeout twice).
    const kialiMajorVersion = this.kialiMajorVersion(deadline);
    const [envs, git] = await Promise.all([
      this.environments(targets, deadline),
      this.manifests(targets, deadline),
    ]);
    const namespaces = envs.map(e => e.namespace);
    const workloadTargets = envs.map(e => ({
      namespace: e.namespace,
      workload: e.workload,
    }));
    const kiali = this.sources.kiali;
    const [trees, tls, health, workloads, current, observed] =
      await Promise.all([
        Promise.all(
          envs.map(e => (e.app ? this.resourceTree(e, deadline) : undefined)),
        ),
        this.kialiTls(namespaces, deadline),
        kiali ? this.kialiHealth(namespaces, deadline) : undefined,
        Promise.all(
          workloadTargets.map(t =>
            kiali ? this.kialiWorkload(t, deadline) : undefined,
          ),
        ),
        this.prometheusBatch<GoldenSignalValues>(
          'current',
          workloadTargets,
          deadline,
        ),
        this.prometheusBatch<ObservedMtls>('mtls', workloadTargets, deadline),
      ]);
    const kialiMajor = await kialiMajorVersion;

    const disagreements: Finding[] = [];
    const environments: EnvironmentStatus[] = envs.map((env, index) => {
      const key = workloadKey(env);
      const argocd = this.argoPart(env, trees[index]);
      const declared: SourceResult<any> =
        git.state === 'ok'
          ? {
              ...git,
              data: declaredMtls(
                git.data!.objects,
                env.namespace,
                env.workload,
                targets.manifests!.target,
              ),
            }
          : git;
      const reported = this.reportedFor(tls, env.namespace);
      const observedPart = this.pick(observed, key, () => ({
        mutualTlsShare: null,
        requestsPerSecond: 0,
      }));
      const { status: mtls, disagreement } = mtlsVerdict(
        declared,
        reported,
        observedPart,
      );
      if (disagreement) {
        disagreements.push({
          rule: 'mtls-sources-disagree',
          severity: 'warning',
          object: {
            kind: 'Deployment',
            name: env.workload,
            namespace: env.namespace,
          },
          message: `${env.name}: ${mtls.summary}`,
          fix: 'Compare the PeerAuthentication in Git with the live one (Argo CD diff) and restart pods that run without a sidecar.',
        });
      }
      const kialiWorkload = workloads[index];
      const workloadStatus =
        health?.state === 'ok'
          ? (health.data?.namespaceWorkloadHealth?.[env.namespace]?.[
              env.workload
            ]?.workloadStatus ?? undefined)
          : undefined;
      const signals = this.pick(current, key, () => ({ ...NO_SIGNAL_VALUES }));
      return {
        name: env.name,
        namespace: env.namespace,
        ...(env.app?.spec?.destination?.name
          ? { cluster: env.app.spec.destination.name }
          : {}),
        workload: env.workload,
        argocd,
        mtls,
        sidecar: sidecarStatus({
          namespace: env.namespace,
          workload: env.workload,
          manifests: git.data?.objects,
          kialiWorkload:
            kialiWorkload?.state === 'ok' ? kialiWorkload.data : undefined,
          kialiStatus: workloadStatus,
        }),
        signals,
        links: buildLinks(
          {
            kiali: kiali
              ? { consoleUrl: kiali.consoleUrl, majorVersion: kialiMajor }
              : undefined,
            argocdAppUrl: argocd.data?.url,
            grafana: this.sources.grafana,
            jaegerUrl: this.sources.jaegerUrl,
            prometheusUrl: this.sources.prometheus?.url,
          },
          {
            namespace: env.namespace,
            workload: env.workload,
            jaegerService: targets.jaegerService,
            istioObjects: git.data?.objects.filter(o =>
              o.apiVersion.includes('istio.io/'),
            ),
          },
        ),
      };
    });

    const findings: SourceResult<Finding[]> =
      git.state === 'ok'
        ? { ...git, data: [...git.data!.findings, ...disagreements] }
        : (git as SourceResult<never>);
    return {
      entityRef: targets.entityRef,
      sandbox,
      environments,
      findings,
      generatedAt: new Date().toISOString(),
    };
  }

  private argoPart(
    env: ResolvedEnvironment,
    tree: SourceResult<ArgoApplicationTree> | undefined,
  ): EnvironmentStatus['argocd'] {
    if (!env.app || !env.instance) return env.argocdFailure!;
    const instance = env.instance;
    try {
      const data = mapApplication(
        env.app,
        tree?.state === 'ok' ? tree.data : undefined,
        { name: instance.api.instance, url: instance.url },
      );
      if (tree && tree.state !== 'ok') {
        data.conditions.push({
          type: 'MeshportResourceTreeUnavailable',
          message: `Resource health is incomplete: ${tree.message}`,
        });
      }
      return {
        source: 'argocd',
        instance: instance.api.instance,
        state: 'ok',
        ...(this.sources.sandbox ? { sandbox: true } : {}),
        data,
      };
    } catch (error) {
      return {
        source: 'argocd',
        instance: instance.api.instance,
        state: 'bad-answer',
        ...(this.sources.sandbox ? { sandbox: true } : {}),
        message: `${describeSource('argocd', instance.api.instance)} sent an application Meshport could not read: ${(error as Error).message}`,
      };
    }
  }

  private reportedFor(
    tls: SourceResult<KialiMtlsStatus[]>,
    namespace: string,
  ): SourceResult<ReportedMtls> {
    if (tls.state !== 'ok') return tls as SourceResult<never>;
    const entry = tls.data!.find(s => s.namespace === namespace);
    if (!entry) {
      return {
        ...tls,
        data: undefined,
        state: 'not-found',
        message: `Kiali reports no TLS status for namespace "${namespace}" (is it in the mesh, and can Kiali's service account see it?)`,
      };
    }
    if (!REPORTED.includes(entry.status as ReportedMtls['status'])) {
      return {
        ...tls,
        data: undefined,
        state: 'bad-answer',
        message: `Kiali reported an unknown TLS status "${entry.status}" for namespace "${namespace}"`,
      };
    }
    return {
      ...tls,
      data: {
        status: entry.status as ReportedMtls['status'],
        autoMTLSEnabled: Boolean(entry.autoMTLSEnabled),
        ...(entry.minTLS ? { minTLS: entry.minTLS } : {}),
      },
    };
  }

  /** `GET /entities/.../signals` */
  async entitySignals(
    entity: Entity,
    environment: string | undefined,
    range: SignalRange,
  ): Promise<EntitySignalsResponse> {
    const targets = this.targetsOf(entity);
    const deadline = new Deadline(this.options.deadlineMs);
    const envs = await this.environments(targets, deadline);
    const env = environment ? envs.find(e => e.name === environment) : envs[0];
    if (!env) {
      throw new NotFoundError(
        `${targets.entityRef} has no environment "${environment}" (it has: ${envs.map(e => e.name).join(', ')})`,
      );
    }
    const prometheus = this.sources.prometheus;
    const base = {
      entityRef: targets.entityRef,
      environment: env.name,
      sandbox: this.sources.sandbox,
    };
    if (!prometheus) {
      return {
        ...base,
        signals: notConfiguredSource(
          'prometheus',
          'add serviceMesh.prometheus to the backend config',
        ),
      };
    }
    const { stepSec, rangeSec } = SIGNAL_RANGES[range];
    const nowSec = Math.floor(Date.now() / 1000);
    const bucket = Math.floor(nowSec / stepSec);
    const target = { namespace: env.namespace, workload: env.workload };
    const result = await deadline.settle(
      'prometheus',
      undefined,
      () =>
        this.cached(
          `prometheus:signals:${workloadKey(target)}:${range}:${bucket}`,
          () => prometheus.signals.entitySignals(target, range, nowSec),
        ),
      this.sources.sandbox,
    );
    const since = (nowSec - rangeSec) * 1000;
    const deploys = (env.app?.status?.history ?? [])
      .filter(h => Date.parse(h.deployedAt) >= since)
      .sort((a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt))
      .map(h => ({
        at: h.deployedAt,
        revision: h.revision ?? h.revisions?.[0] ?? '',
      }));
    return {
      ...base,
      signals:
        result.state === 'ok'
          ? { ...result, data: { ...result.data!, deploys } }
          : (result as SourceResult<never>),
    };
  }

  /** Finds an application of the entity on an instance; the only apps the action routes may touch. */
  private async entityApp(
    entity: Entity,
    instanceName: string,
    app: string,
    appNamespace: string | undefined,
  ): Promise<{ instance: ArgoInstance; app: ArgoApplication }> {
    const targets = this.targetsOf(entity);
    const instance = this.instancesFor(targets).find(
      i => i.api.instance === instanceName,
    );
    if (!targets.argocd || !instance) {
      throw new NotFoundError(
        `${targets.entityRef} has no Argo CD applications on an instance named "${instanceName}"`,
      );
    }
    const deadline = new Deadline(this.options.deadlineMs);
    const apps = await this.upstreamOrThrow(
      deadline.race(
        this.listApps(instance, this.appQuery(targets)),
        'argocd',
        instanceName,
      ),
    );
    const found = apps.find(
      a =>
        a.metadata.name === app &&
        (appNamespace === undefined || a.metadata.namespace === appNamespace),
    );
    if (!found) {
      throw new NotFoundError(
        `Argo CD application "${app}" on "${instanceName}" does not belong to ${targets.entityRef}`,
      );
    }
    return { instance, app: found };
  }

  private async upstreamOrThrow<T>(promise: Promise<T>): Promise<T> {
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

  /** `GET /entities/.../argocd/{instance}/applications/{app}/revisions/{revision}/metadata` */
  async revisionMetadata(
    entity: Entity,
    instanceName: string,
    appName: string,
    revision: string,
    appNamespace: string | undefined,
  ): Promise<RevisionMetadata> {
    if (!REVISION.test(revision)) {
      throw new InputError(
        `Invalid revision ${JSON.stringify(revision.slice(0, 80))}: expected a commit SHA, tag or branch name`,
      );
    }
    const { instance, app } = await this.entityApp(
      entity,
      instanceName,
      appName,
      appNamespace,
    );
    const metadata = await this.upstreamOrThrow(
      this.cached(
        `argocd:${instanceName}:revision:${app.metadata.namespace ?? ''}/${appName}:${revision}`,
        () =>
          instance.api.revisionMetadata(
            appName,
            revision,
            app.metadata.namespace,
          ),
      ),
    );
    return {
      revision,
      ...(metadata.author ? { author: metadata.author } : {}),
      ...(metadata.date ? { date: metadata.date } : {}),
      ...(metadata.message ? { message: metadata.message } : {}),
      ...(metadata.tags ? { tags: metadata.tags } : {}),
    };
  }

  /** `POST /entities/.../argocd/{instance}/applications/{app}/(refresh|sync)`; the caller checks permission first. */
  async argoAction(
    entity: Entity,
    instanceName: string,
    appName: string,
    appNamespace: string | undefined,
    action: 'refresh' | 'sync',
  ): Promise<ArgoActionResult> {
    const { instance, app } = await this.entityApp(
      entity,
      instanceName,
      appName,
      appNamespace,
    );
    const answer = await this.upstreamOrThrow(
      action === 'refresh'
        ? instance.api.refresh(appName, app.metadata.namespace)
        : instance.api.sync(appName, app.metadata.namespace),
    );
    // The next status and overview read the changed application, not the cached one.
    await Promise.all([
      this.options.cache.delete(
        this.listKey(instance, this.appQuery(this.targetsOf(entity))),
      ),
      this.options.cache.delete(this.overviewKey(instance)),
    ]);
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
      instance: instanceName,
      app: appName,
      action,
      result,
      ...(message ? { message } : {}),
    };
  }

  /**
   * `GET /overview`: one Argo CD list per instance, four Prometheus queries over all namespaces (sent
   * alongside the lists), one Kiali TLS call for all namespaces — however many entities. The caller
   * passes only entities it may read; passing the pending catalog query lets the upstream calls, which
   * do not depend on the entities, run while the catalog answers.
   */
  async overview(
    entities: Entity[] | Promise<Entity[]>,
  ): Promise<MeshOverview> {
    const deadline = new Deadline(this.options.deadlineMs);
    const sandbox = this.sources.sandbox;
    // Neither the PromQL nor the Argo CD lists depend on the entities or on each other: all start now
    // (settled results: they never reject, even when the catalog query does).
    const signals = this.prometheusOverview(deadline);
    const allLists = Promise.all(
      this.sources.argocd.map(instance =>
        deadline.settle(
          'argocd',
          instance.api.instance,
          () => this.overviewApps(instance),
          sandbox,
        ),
      ),
    );
    const valid: Array<{ entity: Entity; targets: EntityTargets }> = [];
    for (const entity of await entities) {
      try {
        valid.push({ entity, targets: this.targetsOf(entity) });
      } catch (error) {
        this.options.logger.warn(
          `Overview skips an entity: ${(error as Error).message}`,
        );
      }
    }
    const lists = await allLists;
    const rows: Array<
      Omit<
        OverviewRow,
        'mtls' | 'requestsPerSecond' | 'errorRatio' | 'latencyP99Ms'
      >
    > = [];
    for (const { entity, targets } of valid) {
      const base = {
        entityRef: targets.entityRef,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...(typeof entity.spec?.owner === 'string'
          ? { owner: entity.spec.owner }
          : {}),
        ...(typeof entity.spec?.system === 'string'
          ? { system: entity.spec.system }
          : {}),
        workload: targets.workload,
      };
      const matched: ArgoApplication[] = [];
      if (targets.argocd) {
        const argocd = targets.argocd;
        this.sources.argocd.forEach((instance, i) => {
          if (
            argocd.instances &&
            !argocd.instances.includes(instance.api.instance)
          )
            return;
          for (const app of lists[i].data ?? []) {
            if (argocd.appName && app.metadata.name !== argocd.appName)
              continue;
            if (
              argocd.selector &&
              !matchesLabelSelector(
                argocd.selector.requirements,
                app.metadata.labels,
              )
            )
              continue;
            if (argocd.project && app.spec?.project !== argocd.project)
              continue;
            if (
              argocd.appNamespace &&
              app.metadata.namespace !== argocd.appNamespace
            )
              continue;
            matched.push(app);
          }
        });
      }
      if (matched.length === 0) {
        rows.push({
          ...base,
          environment: 'default',
          namespace: targets.defaultNamespace ?? 'default',
        });
      }
      for (const app of matched) {
        rows.push({
          ...base,
          environment: environmentOf(app),
          namespace:
            app.spec?.destination?.namespace ??
            targets.defaultNamespace ??
            'default',
          sync: syncStatusOf(app),
          health: healthStatusOf(app),
        });
      }
    }
    const [overviewSignals, tls] = await Promise.all([
      signals,
      this.kialiTls(
        rows.map(r => r.namespace),
        deadline,
      ),
    ]);
    const notDeclared = notConfiguredSource<never>(
      'git',
      'the overview does not read Git',
    );
    return {
      sandbox,
      rows: rows
        .map(row => {
          const values =
            overviewSignals.state === 'ok'
              ? overviewSignals.data?.[workloadKey(row)]
              : undefined;
          const observed: SourceResult<ObservedMtls> =
            overviewSignals.state === 'ok'
              ? {
                  ...overviewSignals,
                  data: values?.observedMtls ?? {
                    mutualTlsShare: null,
                    requestsPerSecond: 0,
                  },
                }
              : (overviewSignals as SourceResult<never>);
          const { status } = mtlsVerdict(
            notDeclared,
            this.reportedFor(tls, row.namespace),
            observed,
          );
          return {
            ...row,
            mtls: status.verdict,
            requestsPerSecond: values?.requestsPerSecond ?? null,
            errorRatio: values?.errorRatio ?? null,
            latencyP99Ms: values?.latencyP99Ms ?? null,
          };
        })
        .sort(
          (a, b) =>
            a.entityRef.localeCompare(b.entityRef) ||
            byEnvironment({ name: a.environment }, { name: b.environment }),
        ),
      sources: [
        ...lists.map(({ data: _data, ...rest }) => rest as SourceResult<null>),
        ...[overviewSignals, tls].map(
          ({ data: _data, ...rest }) => rest as SourceResult<null>,
        ),
      ],
      generatedAt: new Date().toISOString(),
    };
  }

  /** `GET /diagnostics`: can each configured instance be reached with its credentials, and which version is it? */
  async diagnostics(): Promise<DiagnosticsEntry[]> {
    const probe = async (
      source: SourceName,
      instance: string,
      url: string,
      version: () => Promise<string | undefined>,
    ): Promise<DiagnosticsEntry> => {
      const started = Date.now();
      const deadline = new Deadline(this.options.deadlineMs);
      try {
        const v = await deadline.race(version(), source, instance);
        return {
          source,
          instance,
          url,
          state: 'ok',
          ...(v ? { version: v } : {}),
          ...(this.sources.sandbox
            ? { message: 'simulated by the sandbox' }
            : {}),
          latencyMs: Date.now() - started,
        };
      } catch (error) {
        const failure =
          error instanceof UpstreamError
            ? error
            : new UpstreamError({
                source,
                instance,
                state: 'bad-answer',
                message: `${describeSource(source, instance)} gave an answer Meshport could not use: ${(error as Error).message}`,
              });
        return {
          source,
          instance,
          url,
          state: failure.state,
          message: failure.message,
          latencyMs: Date.now() - started,
        };
      }
    };
    const { argocd, kiali, prometheus } = this.sources;
    return Promise.all([
      ...argocd.map(i =>
        probe(
          'argocd',
          i.api.instance,
          i.url,
          async () => (await i.api.version()).Version,
        ),
      ),
      ...(kiali
        ? [
            probe('kiali', 'kiali', kiali.url, async () =>
              kialiVersion(await kiali.api.status()),
            ),
          ]
        : []),
      ...(prometheus
        ? [
            probe('prometheus', 'prometheus', prometheus.url, () =>
              prometheus.version(),
            ),
          ]
        : []),
    ]);
  }
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
function byEnvironment(a: { name: string }, b: { name: string }): number {
  const rank = (name: string) => {
    const i = STAGES.indexOf(name);
    return i === -1 ? STAGES.length : i;
  };
  return rank(a.name) - rank(b.name) || a.name.localeCompare(b.name);
}
