import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { LocalRepoStore } from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import type { MeshSources } from '../status';
import { SandboxArgoCd } from './SandboxArgoCd';
import { SandboxEdges } from './SandboxEdges';
import { SandboxJaeger } from './SandboxJaeger';
import { SandboxFaults } from './faults';
import { SandboxKiali } from './SandboxKiali';
import { SandboxManifestSource } from './SandboxManifests';
import { SandboxSignals } from './SandboxSignals';
import { SandboxWorld } from './world';

/** Base URL of the simulated tools in links (the reserved `.invalid` domain: nothing answers there). */
export const SANDBOX_URL = 'https://sandbox.meshport.invalid';

/**
 * Simulated upstream sources for local development: Argo CD, Kiali, Prometheus and Git replaced, every
 * answer marked `sandbox: true`. The world is every meshed entity in the catalog.
 */
export function createSandboxSources(options: {
  catalog: CatalogService;
  auth: AuthService;
  /** `serviceMesh.sandboxFaultsFile`: a JSON file that can switch simulated sources off (tests). */
  faultsFile?: string;
  /** The local repositories: their entities' applications deploy what the repository says. */
  localRepos?: LocalRepoStore;
}): MeshSources {
  const world = new SandboxWorld(
    options.catalog,
    options.auth,
    options.localRepos,
  );
  const faults = options.faultsFile
    ? new SandboxFaults(options.faultsFile)
    : undefined;
  const edges = new SandboxEdges(world);
  return {
    sandbox: true,
    argocd: [{ api: new SandboxArgoCd(world), url: `${SANDBOX_URL}/argocd` }],
    kiali: {
      api: faults
        ? faults.wrap('kiali', new SandboxKiali(world))
        : new SandboxKiali(world),
      url: `${SANDBOX_URL}/kiali`,
      consoleUrl: `${SANDBOX_URL}/kiali`,
    },
    prometheus: {
      signals: new SandboxSignals(world),
      edges,
      url: `${SANDBOX_URL}/prometheus`,
      version: async () => '3.5.0+sandbox',
    },
    manifests: new SandboxManifestSource(world),
    grafana: {
      url: `${SANDBOX_URL}/grafana`,
      dashboards: { istioWorkload: 'UbsSZTDik', istioService: 'LJ_uJAvmk' },
    },
    jaegerUrl: `${SANDBOX_URL}/jaeger`,
    jaeger: new SandboxJaeger(world, edges, `${SANDBOX_URL}/jaeger`),
  };
}

export { SandboxWorld, deploymentsOf, hash, revisionOf } from './world';
export type { SandboxDeployment, SandboxProfile } from './world';
export {
  signalsAt,
  observedAt,
  BURST_SECONDS,
  CANARY_WEIGHT,
} from './simulation';
export { PARTIAL_MTLS_SHARE } from './calls';
export { SandboxArgoCd } from './SandboxArgoCd';
export { SandboxKiali } from './SandboxKiali';
export { SandboxSignals } from './SandboxSignals';
export { SandboxEdges, CANARY_SUFFIX } from './SandboxEdges';
export { SandboxJaeger } from './SandboxJaeger';
export { SandboxManifestSource, sandboxManifests } from './SandboxManifests';
export { seedSandboxRepositories, SEED_AUTHOR } from './seedRepositories';
