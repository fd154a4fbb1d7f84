import type {
  EntityMeshStatus,
  EnvironmentStatus,
  Finding,
  SourceName,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import { mapApplication, type ArgoApplicationTree } from '../argocd';
import {
  appIdentity,
  buildLinks,
  declaredMtls,
  mtlsVerdict,
  sidecarStatus,
} from '../mesh';
import { NO_OBSERVED_MTLS, NO_SIGNAL_VALUES, workloadKey } from '../prometheus';
import { describeSource } from '../upstream';
import { deployedFindings, withDeployed } from './deployedFindings';
import type { BoundTargets, ResolvedEnvironment } from './environments';
import { resolveEnvironments, unverifiedRead } from './environments';
import {
  argocdCalls,
  kialiMajorVersion,
  kialiNamespaces,
  kialiWorkload,
  manifests,
  mapResult,
  notConfigured,
  prometheusBatch,
  reportedMtls,
  type SourceReader,
} from './reader';

/** Picks one key out of a batched source result, keeping the state and message. */
function pick<T>(
  batch: SourceResult<Record<string, T>>,
  key: string,
  missing: () => T,
): SourceResult<T> {
  return mapResult(batch, data => data?.[key] ?? missing());
}

/** The Argo CD part of an environment: its application mapped, or why there is none. */
function argoPart(
  reader: SourceReader,
  env: ResolvedEnvironment,
  tree: SourceResult<ArgoApplicationTree> | undefined,
): EnvironmentStatus['argocd'] {
  if (!env.app || !env.instance) return env.argocdFailure!;
  const instance = env.instance.api.instance;
  try {
    const data = mapApplication(
      env.app,
      tree?.state === 'ok' ? tree.data : undefined,
      { name: instance, url: env.instance.url },
    );
    if (tree && tree.state !== 'ok') {
      data.conditions.push({
        type: 'MeshportResourceTreeUnavailable',
        message: `Resource health is incomplete: ${tree.message}`,
      });
    }
    // Served from a last good list or tree: say so, with the older of the two times.
    const stale = [env.argocdStale, tree]
      .filter(r => r?.stale)
      .sort((a, b) =>
        a!.stale!.fetchedAt.localeCompare(b!.stale!.fetchedAt),
      )[0];
    return reader.tagged({
      source: 'argocd',
      instance,
      state: 'ok',
      data,
      ...(stale ? { stale: stale.stale, message: stale.message } : {}),
    });
  } catch (error) {
    return reader.tagged({
      source: 'argocd',
      instance,
      state: 'bad-answer',
      message: `${describeSource('argocd', instance)} sent an application Meshport could not read: ${(error as Error).message}`,
    });
  }
}

/** The warning shown when declared, reported and observed mTLS disagree for an environment. */
function disagreementFinding(
  env: ResolvedEnvironment,
  summary: string,
): Finding {
  return {
    rule: 'mtls-sources-disagree',
    severity: 'warning',
    object: {
      kind: 'Deployment',
      name: env.workload,
      namespace: env.namespace,
    },
    message: `${env.name}: ${summary}`,
    fix: 'Compare the PeerAuthentication in Git with the live one (Argo CD diff) and restart pods that run without a sidecar.',
  };
}

/**
 * `GET /entities/.../status`: every environment of the entity with its Argo CD, mTLS, sidecar, signals
 * and links, and the manifest findings. All upstream calls run in parallel through the reader.
 */
export async function entityStatus(
  reader: SourceReader,
  targets: BoundTargets,
): Promise<EntityMeshStatus> {
  const { sources } = reader;
  // Kiali's version only shapes the links: it must not hold back the calls that need the
  // environments (a hanging Kiali would otherwise cost its timeout twice).
  const kialiMajorPending = kialiMajorVersion(reader);
  const [envs, git] = await Promise.all([
    resolveEnvironments(reader, targets),
    manifests(reader, targets),
  ]);
  // Multi-cluster: Kiali is asked per Kiali cluster, Prometheus matches the cluster label.
  const workloadTargets = envs.map(e => ({
    namespace: e.namespace,
    workload: e.workload,
    ...(e.cluster?.prometheus ? { cluster: e.cluster.prometheus } : {}),
  }));
  // Namespaces only the entity's annotations name are not read (`unverified`).
  const readable = envs.filter(e => !e.unverified);
  const readableTargets = workloadTargets.filter((_, i) => !envs[i].unverified);
  // The gateway rules judge the environments' rendered overlays, each cluster's together.
  const deployed =
    git.state === 'ok'
      ? deployedFindings(reader, targets, envs, git.data!.files)
      : undefined;
  const [trees, kiali, workloads, current, observed] = await Promise.all([
    Promise.all(
      envs.map(e =>
        e.app && e.instance
          ? reader.read(argocdCalls.resourceTree(e.instance, e.app))
          : undefined,
      ),
    ),
    kialiNamespaces(
      reader,
      readable.map(e => ({
        namespace: e.namespace,
        cluster: e.cluster?.kiali,
      })),
    ),
    Promise.all(
      envs.map(e =>
        e.unverified ? undefined : kialiWorkload(reader, e, e.cluster?.kiali),
      ),
    ),
    prometheusBatch(reader, 'current', readableTargets),
    prometheusBatch(reader, 'mtls', readableTargets),
  ]);
  const kialiMajor = await kialiMajorPending;

  const disagreements: Finding[] = [];
  const environments: EnvironmentStatus[] = envs.map((env, index) => {
    const key = workloadKey(workloadTargets[index]);
    const refused = (source: SourceName) => unverifiedRead(reader, env, source);
    // Nothing was asked for an unverified environment's cluster: its reads are refused, or Kiali is
    // not configured at all.
    const { tls, health } = kiali(env.cluster?.kiali) ?? {
      tls: notConfigured<never>('kiali'),
      health: undefined,
    };
    const argocd = argoPart(reader, env, trees[index]);
    const declared = mapResult(git, data =>
      declaredMtls(
        data.objects,
        env.namespace,
        env.workload,
        targets.manifests!.target,
      ),
    );
    const { status: mtls, disagreement } = mtlsVerdict(
      declared,
      refused('kiali') ?? reportedMtls(tls, env.namespace),
      refused('prometheus') ??
        pick(observed, key, () => ({ ...NO_OBSERVED_MTLS })),
    );
    if (disagreement)
      disagreements.push(disagreementFinding(env, mtls.summary));
    const kialiWorkloadResult = workloads[index];
    const kialiAnswer =
      kialiWorkloadResult?.state === 'ok'
        ? kialiWorkloadResult.data
        : undefined;
    const workloadStatus =
      health?.state === 'ok' && !env.unverified
        ? (health.data?.namespaceWorkloadHealth?.[env.namespace]?.[env.workload]
            ?.workloadStatus ?? undefined)
        : undefined;
    return {
      id: env.id,
      name: env.name,
      ...(env.instance ? { instance: env.instance.api.instance } : {}),
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
        kialiWorkload: kialiAnswer,
        kialiStatus: workloadStatus,
      }),
      signals:
        refused('prometheus') ??
        pick(current, key, () => ({ ...NO_SIGNAL_VALUES })),
      links: buildLinks(
        {
          kiali: sources.kiali
            ? { consoleUrl: sources.kiali.consoleUrl, majorVersion: kialiMajor }
            : undefined,
          argocdAppUrl: argocd.data?.url,
          grafana: sources.grafana,
          jaegerUrl: sources.jaegerUrl,
          prometheusUrl: sources.prometheus?.url,
        },
        {
          namespace: env.namespace,
          workload: env.workload,
          ...appIdentity({
            namespace: env.namespace,
            workload: env.workload,
            manifests: git.data?.objects,
            kialiLabels: kialiAnswer?.labels,
          }),
          ...(env.cluster?.kiali ? { kialiCluster: env.cluster.kiali } : {}),
          jaegerService: targets.jaegerService,
          istioObjects: git.data?.objects.filter(o =>
            o.apiVersion.includes('istio.io/'),
          ),
        },
      ),
    };
  });

  return {
    entityRef: targets.entityRef,
    sandbox: reader.sandbox,
    environments,
    findings: mapResult(git, data => [
      ...withDeployed(data.findings, deployed),
      ...disagreements,
    ]),
    generatedAt: new Date().toISOString(),
  };
}
