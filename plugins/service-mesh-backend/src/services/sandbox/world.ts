import type { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { LocalRepoStore } from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import {
  ANNOTATION_APPLICATION_ENTITY_REF,
  LABEL_ENVIRONMENT,
} from '@meshport/plugin-service-mesh-common';
import {
  meshedEntitiesFilter,
  readEntityTargets,
  type EntityTargets,
} from '../targets';

/** How a simulated service behaves; the example components each show one mesh situation. */
export interface SandboxProfile {
  /** Runs v2 next to v1 in prod, 10 % of traffic to v2. */
  canary: boolean;
  /** Environment with an ongoing 5xx burst. */
  errorBurstIn?: string;
  /** Environment whose app is OutOfSync with Git. */
  outOfSyncIn?: string;
  /** PERMISSIVE mTLS, some plaintext traffic, not every pod has a sidecar. */
  partiallyMeshed: boolean;
}

/** One simulated deployment of a service. */
export interface SandboxDeployment {
  service: string;
  workload: string;
  environment: string;
  namespace: string;
  appName: string;
  labels: Record<string, string>;
  /** The Application's `meshport.io/entity-ref`: the simulated entity, as the generator writes it. */
  annotations: Record<string, string>;
  project: string;
  appNamespace: string;
  repoURL: string;
  /** The entity's manifests location (URL or local path), served by the simulated Git. */
  manifestsLocation?: string;
  /**
   * The local repository the catalog read the entity from (its managed-by-location), when the
   * LocalRepoStore owns it: the simulated Argo CD then deploys what that repository's history says.
   */
  repository?: string;
  profile: SandboxProfile;
  seed: number;
}

/** The example components' stories; any other service (e.g. one made by the wizard) is healthy. */
const PROFILES: Record<string, Partial<SandboxProfile>> = {
  checkout: { canary: true },
  payments: { errorBurstIn: 'prod' },
  'catalog-api': { outOfSyncIn: 'staging' },
  recommendations: { partiallyMeshed: true },
};

/** A stable 32-bit hash, so every simulated value is deterministic per entity. */
export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The simulated commit SHA of a service's n-th commit. */
export function revisionOf(service: string, n: number): string {
  let sha = '';
  for (let i = 0; sha.length < 40; i++) {
    sha += hash(`${service}:${n}:${i}`).toString(16).padStart(8, '0');
  }
  return sha.slice(0, 40);
}

/** A Unix time as Argo CD writes times (seconds, UTC). */
export const iso = (t: number) =>
  new Date(t * 1000).toISOString().replace('.000Z', 'Z');

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const WORLD_TTL_MS = 15_000;

/**
 * The simulated cluster: every meshed entity in the catalog deployed by Argo CD. It reads the catalog
 * with the plugin's own credentials (a cluster runs every service whoever looks); what a caller may see
 * is still decided by the real routes.
 */
export class SandboxWorld {
  private snapshot?: { at: number; deployments: Promise<SandboxDeployment[]> };

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    /** `serviceMeshScaffolder.localPublish`'s repositories, whose entities deploy from Git. */
    private readonly localRepos?: LocalRepoStore,
  ) {}

  /** The owned local repository an entity was read from, if any. */
  private repositoryOf(location: string | undefined): string | undefined {
    if (!location || !this.localRepos) return undefined;
    const { type, target } = parseLocationRef(location);
    return type === 'file'
      ? this.localRepos.repositoryOf(target)?.directory
      : undefined;
  }

  deployments(): Promise<SandboxDeployment[]> {
    const now = Date.now();
    if (!this.snapshot || now - this.snapshot.at > WORLD_TTL_MS) {
      const deployments = this.load();
      deployments.catch(() => {
        this.snapshot = undefined;
      });
      this.snapshot = { at: now, deployments };
    }
    return this.snapshot.deployments;
  }

  private async load(): Promise<SandboxDeployment[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: meshedEntitiesFilter(),
      },
      { credentials },
    );
    const deployments: SandboxDeployment[] = [];
    for (const entity of items) {
      let targets: EntityTargets;
      try {
        targets = readEntityTargets(entity, ['sandbox']);
      } catch {
        continue; // The real routes report the bad annotation.
      }
      const repository = this.repositoryOf(
        entity.metadata.annotations?.[ANNOTATION_LOCATION],
      );
      deployments.push(
        ...deploymentsOf(targets).map(d =>
          repository ? { ...d, repository } : d,
        ),
      );
    }
    return deployments;
  }
}

/**
 * The environments of a selector-found service. The wizard lists one namespace per environment
 * (`pay-dev,pay-staging,payments`): each becomes an environment, named by its suffix (the last one
 * without a suffix is prod). A single plain namespace (`shop`) gets dev, staging and prod
 * (`shop-dev`, `shop-staging`, `shop`).
 */
export function environmentsOf(
  namespaces: string[],
): Array<{ environment: string; namespace: string }> {
  const suffixed = (ns: string) => ENVIRONMENTS.find(e => ns.endsWith(`-${e}`));
  if (namespaces.length <= 1 && !suffixed(namespaces[0] ?? '')) {
    const base = namespaces[0] ?? 'default';
    return ENVIRONMENTS.map(environment => ({
      environment,
      namespace: environment === 'prod' ? base : `${base}-${environment}`,
    }));
  }
  return namespaces.map((namespace, index) => ({
    environment:
      suffixed(namespace) ??
      (index === namespaces.length - 1 ? 'prod' : ENVIRONMENTS[index]),
    namespace,
  }));
}

/** The simulated Argo CD applications of one entity, shaped so that its annotations find them. */
export function deploymentsOf(targets: EntityTargets): SandboxDeployment[] {
  const workload = targets.workload;
  const profile: SandboxProfile = {
    canary: false,
    partiallyMeshed: false,
    ...PROFILES[workload],
  };
  const baseNamespace = targets.defaultNamespace ?? 'default';
  const argocd = targets.argocd;
  const common = {
    service: workload,
    workload,
    project: argocd?.project ?? 'default',
    appNamespace: argocd?.appNamespace ?? 'argocd',
    repoURL: `https://github.com/meshport-examples/${workload}.git`,
    manifestsLocation: targets.manifests?.target,
    profile,
    annotations: { [ANNOTATION_APPLICATION_ENTITY_REF]: targets.entityRef },
  };
  // Each environment of an entity has its own seed, so dev, staging and prod differ as they would.
  const seed = (environment: string) =>
    hash(`${targets.entityRef}:${environment}`);
  if (argocd?.appName) {
    const environment =
      ENVIRONMENTS.find(e => argocd.appName!.endsWith(`-${e}`)) ?? 'prod';
    return [
      {
        ...common,
        seed: seed(environment),
        environment,
        namespace: baseNamespace,
        appName: argocd.appName,
        labels: { [LABEL_ENVIRONMENT]: environment },
      },
    ];
  }
  if (!argocd?.selector) return [];
  // Labels that satisfy the selector's equality and set requirements.
  const selectorLabels: Record<string, string> = {};
  for (const r of argocd.selector.requirements) {
    if (r.operator === '=') selectorLabels[r.key] = r.value;
    if (r.operator === 'in') selectorLabels[r.key] = r.values[0];
    if (r.operator === 'exists') selectorLabels[r.key] = 'true';
  }
  return environmentsOf(targets.namespaces).map(
    ({ environment, namespace }) => ({
      ...common,
      seed: seed(environment),
      environment,
      namespace,
      appName: `${workload}-${environment}`,
      labels: { ...selectorLabels, [LABEL_ENVIRONMENT]: environment },
    }),
  );
}
