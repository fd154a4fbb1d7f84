import type { KialiConfig } from '../../config';
import { fetchUpstream } from '../upstream';
import type {
  KialiClustersHealth,
  KialiMtlsStatus,
  KialiStatus,
  KialiWorkload,
  KialiWorkloadHealth,
} from './types';

/**
 * Kiali's API as Meshport uses it. Failures are `UpstreamError`s. `cluster` (multi-cluster) is sent as
 * Kiali's `clusterName=` parameter (kiali/kiali `handlers/` `clusterNameFromQuery`); without it Kiali
 * answers for its home cluster.
 */
export interface KialiApi {
  /** `GET api/clusters/tls?namespaces=a,b`: the mTLS status of a set of namespaces in one call. */
  clustersTls(
    namespaces: string[],
    cluster?: string,
  ): Promise<KialiMtlsStatus[]>;
  /** `GET api/clusters/health?namespaces=a,b&type=workload`: one call for a set of namespaces (Kiali 1.82+). */
  workloadHealth(
    namespaces: string[],
    cluster?: string,
  ): Promise<KialiClustersHealth>;
  /** `GET api/namespaces/{ns}/tls`: one namespace's mTLS status (every version; the only one before 1.81). */
  namespaceTls(namespace: string, cluster?: string): Promise<KialiMtlsStatus>;
  /** `GET api/namespaces/{ns}/health?type=workload`: one namespace's workload health (before 1.82). */
  namespaceWorkloadHealth(
    namespace: string,
    cluster?: string,
  ): Promise<Record<string, KialiWorkloadHealth>>;
  /** `GET api/mesh/tls`: the mesh-wide mTLS status (policies in the root namespace). */
  meshTls(cluster?: string): Promise<KialiMtlsStatus>;
  /** `GET api/namespaces/{ns}/workloads/{wl}?health=true` */
  workload(
    namespace: string,
    workload: string,
    cluster?: string,
  ): Promise<KialiWorkload>;
  /** `GET api/status`, for the version. */
  status(): Promise<KialiStatus>;
}

/** `KialiApi` over HTTP with an optional bearer token. */
export class KialiClient implements KialiApi {
  constructor(private readonly config: KialiConfig) {}

  private call<T>(
    path: string,
    params: Record<string, string>,
    cluster?: string,
  ) {
    const url = new URL(`${this.config.url}/${path}`);
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.set(key, value);
    }
    if (cluster !== undefined) url.searchParams.set('clusterName', cluster);
    return fetchUpstream<T>(url.toString(), {
      source: 'kiali',
      timeoutMs: this.config.timeoutMs,
      token: this.config.token,
    });
  }

  async clustersTls(namespaces: string[], cluster?: string) {
    const answer = await this.call<KialiMtlsStatus[]>(
      'api/clusters/tls',
      { namespaces: [...namespaces].sort().join(',') },
      cluster,
    );
    if (
      !Array.isArray(answer) ||
      answer.some(
        s => typeof s?.status !== 'string' || typeof s?.namespace !== 'string',
      )
    ) {
      throw new TypeError(
        'the TLS answer is not a list of { namespace, status } entries',
      );
    }
    return answer;
  }

  workloadHealth(namespaces: string[], cluster?: string) {
    return this.call<KialiClustersHealth>(
      'api/clusters/health',
      {
        namespaces: [...namespaces].sort().join(','),
        type: 'workload',
        rateInterval: '10m',
      },
      cluster,
    );
  }

  async namespaceTls(namespace: string, cluster?: string) {
    return tlsStatus(
      await this.call<KialiMtlsStatus>(
        `api/namespaces/${encodeURIComponent(namespace)}/tls`,
        {},
        cluster,
      ),
      'namespace TLS',
    );
  }

  async namespaceWorkloadHealth(namespace: string, cluster?: string) {
    const answer = await this.call<Record<string, KialiWorkloadHealth>>(
      `api/namespaces/${encodeURIComponent(namespace)}/health`,
      { type: 'workload', rateInterval: '10m' },
      cluster,
    );
    if (!answer || typeof answer !== 'object' || Array.isArray(answer)) {
      throw new TypeError(
        'the namespace health answer is not a map of workloads',
      );
    }
    return answer;
  }

  async meshTls(cluster?: string) {
    return tlsStatus(
      await this.call<KialiMtlsStatus>('api/mesh/tls', {}, cluster),
      'mesh TLS',
    );
  }

  async workload(namespace: string, workload: string, cluster?: string) {
    const answer = await this.call<KialiWorkload>(
      `api/namespaces/${encodeURIComponent(namespace)}/workloads/${encodeURIComponent(workload)}`,
      { health: 'true' },
      cluster,
    );
    if (typeof answer?.istioSidecar !== 'boolean') {
      throw new TypeError('the workload answer has no boolean "istioSidecar"');
    }
    return answer;
  }

  status() {
    return this.call<KialiStatus>('api/status', {});
  }
}

/** Checks one `models.MTLSStatus` answer. */
function tlsStatus(answer: KialiMtlsStatus, what: string): KialiMtlsStatus {
  if (typeof answer?.status !== 'string') {
    throw new TypeError(`the ${what} answer has no string "status"`);
  }
  return answer;
}

/** The Kiali version from `api/status`, e.g. `v2.4.0`. */
export function kialiVersion(status: KialiStatus): string | undefined {
  return status.status?.['Kiali version'];
}
