import {
  appQueryMatcher,
  type ArgoAppQuery,
  type ArgoApplication,
  type ArgoApplicationTree,
  type ArgoCdApi,
  type ArgoRevisionHistory,
  type ArgoRevisionMetadata,
} from '../argocd';
import { UpstreamError } from '../upstream';
import { followLocalRepository, localRevisionMetadata } from './localRepoApps';
import { CANARY_WEIGHT } from './simulation';
import {
  hash,
  iso,
  revisionOf,
  type SandboxDeployment,
  type SandboxWorld,
} from './world';

/** A commit lands every six hours (offset per service); environments pick it up one after the other. */
const COMMIT_EVERY = 6 * 3600;
const ROLLOUT_DELAY: Record<string, number> = {
  dev: 120,
  staging: 900,
  prod: 2700,
};
const AUTHORS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Linus Torvalds',
  'Margaret Hamilton',
];

/** Commits belong to the service's repository: one schedule (and author) for all its environments. */
const repoSeed = (d: SandboxDeployment) => hash(d.service);

function commitIndexAt(d: SandboxDeployment, t: number): number {
  return Math.floor((t + (repoSeed(d) % COMMIT_EVERY)) / COMMIT_EVERY);
}

function commitTime(d: SandboxDeployment, n: number): number {
  return n * COMMIT_EVERY - (repoSeed(d) % COMMIT_EVERY);
}

/**
 * A simulated Argo CD 3 instance answering with the upstream shapes (so the real mapping runs): an
 * application per simulated deployment, history, resource tree, revision metadata, refresh and sync.
 */
export class SandboxArgoCd implements ArgoCdApi {
  readonly instance = 'sandbox';
  /** Apps synced through the sandbox: they report Synced from then on (until the backend restarts). */
  private readonly synced = new Map<string, number>();

  constructor(
    private readonly world: SandboxWorld,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  private application(d: SandboxDeployment, nowSec: number): ArgoApplication {
    const latest = commitIndexAt(d, nowSec);
    const delay = ROLLOUT_DELAY[d.environment] ?? 600;
    // Deployed: the newest commit whose rollout to this environment has happened.
    const deployedIndex =
      commitTime(d, latest) + delay <= nowSec ? latest : latest - 1;
    const syncedAt = this.synced.get(d.appName);
    const outOfSync =
      d.profile.outOfSyncIn === d.environment && syncedAt === undefined;
    const history: ArgoRevisionHistory[] = [];
    for (let n = deployedIndex - 4; n <= deployedIndex; n++) {
      const at = commitTime(d, n) + delay;
      history.push({
        id: n - deployedIndex + 5,
        revision: revisionOf(d.service, n),
        deployStartedAt: iso(at - 20),
        deployedAt: iso(at),
        source: {
          repoURL: d.repoURL,
          path: `deploy/overlays/${d.environment}`,
          targetRevision: 'main',
        },
        initiatedBy: {
          automated: d.environment !== 'prod',
          username: d.environment === 'prod' ? 'release-bot' : undefined,
        },
      });
    }
    const current = history[history.length - 1];
    const image = (version: string) =>
      `ghcr.io/meshport-examples/${d.service}:${version}`;
    const resource = (
      group: string | undefined,
      kind: string,
      name: string,
      status = 'Synced',
    ) => ({
      ...(group ? { group } : {}),
      version: 'v1',
      kind,
      namespace: d.namespace,
      name,
      status,
    });
    const resources = [
      resource('apps', 'Deployment', d.workload),
      resource(undefined, 'Service', d.workload),
      resource('networking.istio.io', 'DestinationRule', d.workload),
      resource('networking.istio.io', 'VirtualService', d.workload),
      resource(
        'security.istio.io',
        'PeerAuthentication',
        'default',
        outOfSync ? 'OutOfSync' : 'Synced',
      ),
    ];
    if (d.profile.canary && d.environment === 'prod') {
      resources.push(resource('apps', 'Deployment', `${d.workload}-v2`));
    }
    return {
      metadata: {
        name: d.appName,
        namespace: d.appNamespace,
        labels: d.labels,
        annotations: d.annotations,
      },
      spec: {
        project: d.project,
        source: {
          repoURL: d.repoURL,
          path: `deploy/overlays/${d.environment}`,
          targetRevision: 'main',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: d.namespace,
        },
        syncPolicy:
          d.environment === 'prod'
            ? {}
            : { automated: { prune: true, selfHeal: true } },
      },
      status: {
        sync: {
          status: outOfSync ? 'OutOfSync' : 'Synced',
          revision: outOfSync
            ? revisionOf(d.service, latest + 1)
            : current.revision,
        },
        health: { status: 'Healthy' },
        operationState: {
          // Argo CD always sends the operation (`json:"operation"`, no omitempty).
          operation: {
            sync: { revision: current.revision },
            initiatedBy: current.initiatedBy,
          },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          // A sync through the sandbox started a second after it was asked for and took two.
          startedAt: syncedAt ? iso(syncedAt + 1) : current.deployStartedAt,
          finishedAt: syncedAt ? iso(syncedAt + 3) : current.deployedAt,
          syncResult: { revision: current.revision },
        },
        history,
        resources,
        conditions: outOfSync
          ? [
              {
                type: 'SyncError',
                message:
                  'PeerAuthentication default differs from Git: spec.mtls.mode changed in a hotfix',
              },
            ]
          : [],
        reconciledAt: iso(Math.floor(nowSec / 180) * 180),
        summary: {
          images:
            d.profile.canary && d.environment === 'prod'
              ? [image('1.8.0'), image('2.0.0-rc.1')]
              : [image('1.8.0')],
        },
      },
    };
  }

  /** The application; for an entity in a local repository, as that repository deploys it. */
  private async live(d: SandboxDeployment, nowSec = this.now()) {
    const app = this.application(d, nowSec);
    return d.repository
      ? followLocalRepository(app, d.repository, this.synced.get(d.appName))
      : app;
  }

  private async find(app: string, appNamespace?: string) {
    const all = await this.world.deployments();
    const d = all.find(
      x =>
        x.appName === app && (!appNamespace || x.appNamespace === appNamespace),
    );
    if (!d) {
      throw new UpstreamError({
        source: 'argocd',
        instance: this.instance,
        state: 'not-found',
        message: `Argo CD instance "sandbox" has no application "${app}"`,
      });
    }
    return d;
  }

  async listApplications(query: ArgoAppQuery): Promise<ArgoApplication[]> {
    const nowSec = this.now();
    const matches = appQueryMatcher(query);
    const found = (await this.world.deployments()).filter(d =>
      matches({
        metadata: {
          name: d.appName,
          namespace: d.appNamespace,
          labels: d.labels,
        },
        spec: { project: d.project },
      }),
    );
    return Promise.all(found.map(d => this.live(d, nowSec)));
  }

  async resourceTree(
    app: string,
    appNamespace?: string,
  ): Promise<ArgoApplicationTree> {
    const d = await this.find(app, appNamespace);
    const live = await this.live(d);
    return {
      nodes: (live.status?.resources ?? []).map(r => ({
        group: r.group,
        version: r.version,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        uid: revisionOf(`${r.kind}/${r.name}`, 0).slice(0, 32),
        ...(r.kind === 'Deployment' || r.kind === 'Service'
          ? {
              health: r.name.endsWith('-v2')
                ? {
                    status: 'Healthy',
                    message: `canary receives ${CANARY_WEIGHT}% of traffic`,
                  }
                : { status: 'Healthy' },
            }
          : {}),
      })),
    };
  }

  async revisionMetadata(
    app: string,
    revision: string,
    appNamespace?: string,
  ): Promise<ArgoRevisionMetadata> {
    const d = await this.find(app, appNamespace);
    const latest = commitIndexAt(d, this.now());
    if (d.repository) {
      const local = await localRevisionMetadata(d.repository, revision);
      if (local) return local;
    }
    // A repository's commits are its only revisions: none is simulated.
    for (let n = latest + 1; !d.repository && n > latest - 10; n--) {
      if (revisionOf(d.service, n) === revision) {
        return {
          author: `${AUTHORS[(repoSeed(d) + n) % AUTHORS.length]} <dev@meshport.example>`,
          date: iso(commitTime(d, n)),
          message: `${d.service}: change ${n % 1000} (simulated commit)`,
          tags: n % 4 === 0 ? [`v1.${n % 100}.0`] : [],
        };
      }
    }
    throw new UpstreamError({
      source: 'argocd',
      instance: this.instance,
      state: 'not-found',
      message: `Argo CD instance "sandbox" knows no revision ${revision} of ${app}`,
    });
  }

  async refresh(app: string, appNamespace?: string): Promise<ArgoApplication> {
    return this.live(await this.find(app, appNamespace));
  }

  async sync(app: string, appNamespace?: string): Promise<ArgoApplication> {
    const d = await this.find(app, appNamespace);
    // As Argo CD: the answer only adds `.operation`; later reads report it in operationState.
    const before = await this.live(d);
    this.synced.set(d.appName, this.now());
    const after = await this.live(d);
    return { ...before, operation: after.status?.operationState?.operation };
  }

  async version() {
    return { Version: 'v3.1.0+sandbox' };
  }
}
