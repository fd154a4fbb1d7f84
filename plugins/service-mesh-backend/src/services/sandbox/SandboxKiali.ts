import type { KialiApi } from '../kiali';
import type {
  KialiClustersHealth,
  KialiMtlsStatus,
  KialiStatus,
  KialiWorkload,
  KialiWorkloadHealth,
} from '../kiali';
import { UpstreamError } from '../upstream';
import { signalsAt } from './simulation';
import type { SandboxDeployment, SandboxWorld } from './world';

const REPLICAS = 3;

/** A simulated Kiali 2 answering with the upstream shapes (models.MTLSStatus, WorkloadHealth, Workload). */
export class SandboxKiali implements KialiApi {
  constructor(
    private readonly world: SandboxWorld,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  private health(d: SandboxDeployment): KialiWorkloadHealth {
    const nowSec = this.now();
    const values = signalsAt(d, nowSec, nowSec);
    const rps = values.requestsPerSecond ?? 0;
    const errors = rps * (values.errorRatio ?? 0);
    return {
      workloadStatus: {
        name: d.workload,
        desiredReplicas: REPLICAS,
        currentReplicas: REPLICAS,
        availableReplicas: REPLICAS,
        syncedProxies: d.profile.partiallyMeshed ? REPLICAS - 1 : REPLICAS,
      },
      requests: {
        inbound: { http: { '200': rps - errors, '503': errors } },
        outbound: {},
        healthAnnotations: {},
      },
    };
  }

  async clustersTls(namespaces: string[]): Promise<KialiMtlsStatus[]> {
    const all = await this.world.deployments();
    return namespaces.map(namespace => ({
      namespace,
      cluster: 'Kubernetes',
      status: all.some(
        d => d.namespace === namespace && d.profile.partiallyMeshed,
      )
        ? 'MTLS_PARTIALLY_ENABLED'
        : 'MTLS_ENABLED',
      autoMTLSEnabled: true,
      minTLS: 'N/A',
    }));
  }

  async namespaceTls(namespace: string): Promise<KialiMtlsStatus> {
    const [status] = await this.clustersTls([namespace]);
    return status;
  }

  async meshTls(): Promise<KialiMtlsStatus> {
    // Like a real Kiali 2 whose root namespace holds no PeerAuthentication: Istio's PERMISSIVE default.
    return {
      status: 'MTLS_NOT_ENABLED',
      autoMTLSEnabled: true,
      minTLS: 'TLSV1_2',
    };
  }

  async namespaceWorkloadHealth(): Promise<
    Record<string, KialiWorkloadHealth>
  > {
    // Kiali 1.82 dropped this route; a 2.x Kiali answers 404.
    throw new UpstreamError({
      source: 'kiali',
      state: 'not-found',
      message: 'Kiali has no such object: HTTP 404',
    });
  }

  async workloadHealth(namespaces: string[]): Promise<KialiClustersHealth> {
    const all = await this.world.deployments();
    const byNamespace: Record<string, Record<string, KialiWorkloadHealth>> = {};
    for (const namespace of namespaces) {
      byNamespace[namespace] = {};
      for (const d of all.filter(x => x.namespace === namespace)) {
        byNamespace[namespace][d.workload] = this.health(d);
      }
    }
    return {
      namespaceAppHealth: null,
      namespaceServiceHealth: null,
      namespaceWorkloadHealth: byNamespace,
    };
  }

  async workload(namespace: string, workload: string): Promise<KialiWorkload> {
    const d = (await this.world.deployments()).find(
      x => x.namespace === namespace && x.workload === workload,
    );
    if (!d) {
      throw new UpstreamError({
        source: 'kiali',
        state: 'not-found',
        message: `Kiali has no workload "${workload}" in namespace "${namespace}"`,
      });
    }
    const synced = d.profile.partiallyMeshed ? REPLICAS - 1 : REPLICAS;
    return {
      name: workload,
      namespace,
      cluster: 'Kubernetes',
      labels: { app: workload, version: 'v1' },
      istioSidecar: true,
      isAmbient: false,
      desiredReplicas: REPLICAS,
      availableReplicas: REPLICAS,
      pods: Array.from({ length: REPLICAS }, (_, i) => ({
        name: `${workload}-7d9f8b6c5-${String.fromCharCode(97 + i)}x${i}z`,
        istioContainers:
          i < synced
            ? [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.29.0' }]
            : null,
      })),
      health: this.health(d),
    };
  }

  async status(): Promise<KialiStatus> {
    return {
      status: { 'Kiali version': 'v2.17.0', 'Kiali state': 'running' },
      externalServices: [{ name: 'Istio', version: '1.29.0' }],
      warningMessages: [],
    };
  }
}
