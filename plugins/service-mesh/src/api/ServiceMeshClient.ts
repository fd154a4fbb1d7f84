import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type * as wire from '@meshport/plugin-service-mesh-common';
import type {
  ArgoAppRef,
  CanaryStepRequest,
  MeshGraphQuery,
  RollbackRequest,
  ServiceMeshApi,
} from './ServiceMeshApi';

/** Talks to the service-mesh backend through the discovery and fetch APIs (so requests carry the user's token). */
export class ServiceMeshClient implements ServiceMeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getStatus(entity: CompoundEntityRef): Promise<wire.EntityMeshStatus> {
    return this.request('GET', `${entityPath(entity)}/status`);
  }

  async getSignals(
    entity: CompoundEntityRef,
    options: { environment: string; range: wire.SignalRange },
  ): Promise<wire.EntitySignalsResponse> {
    const query = new URLSearchParams({
      environment: options.environment,
      range: options.range,
    });
    return this.request('GET', `${entityPath(entity)}/signals?${query}`);
  }

  async getRevisionMetadata(
    entity: CompoundEntityRef,
    app: ArgoAppRef,
    revision: string,
    sourceIndex?: number,
  ): Promise<wire.RevisionMetadata> {
    return this.request(
      'GET',
      appPath(
        entity,
        app,
        `revisions/${encodeURIComponent(revision)}/metadata`,
        sourceIndex === undefined ? {} : { sourceIndex: String(sourceIndex) },
      ),
    );
  }

  async refreshApplication(
    entity: CompoundEntityRef,
    app: ArgoAppRef,
  ): Promise<wire.ArgoActionResult> {
    return this.request('POST', appPath(entity, app, 'refresh'));
  }

  async syncApplication(
    entity: CompoundEntityRef,
    app: ArgoAppRef,
  ): Promise<wire.ArgoActionResult> {
    return this.request('POST', appPath(entity, app, 'sync'));
  }

  async rollback(
    entity: CompoundEntityRef,
    request: RollbackRequest,
  ): Promise<wire.RollbackResult> {
    return this.request('POST', `${entityPath(entity)}/rollback`, request);
  }

  async getCanaryAnalysis(
    entity: CompoundEntityRef,
    environment: string,
  ): Promise<wire.CanaryAnalysisResult> {
    const query = new URLSearchParams({ environment });
    return this.request(
      'GET',
      `${entityPath(entity)}/canary/analysis?${query}`,
    );
  }

  async canaryStep(
    entity: CompoundEntityRef,
    request: CanaryStepRequest,
  ): Promise<wire.CanaryStepResult> {
    return this.request('POST', `${entityPath(entity)}/canary`, request);
  }

  async getOverview(): Promise<wire.MeshOverview> {
    return this.request('GET', '/overview');
  }

  async getTopology(
    entity: CompoundEntityRef,
    options: { environment: string; range: wire.SignalRange },
  ): Promise<wire.EntityTopologyResponse> {
    const query = new URLSearchParams({
      environment: options.environment,
      range: options.range,
    });
    return this.request('GET', `${entityPath(entity)}/topology?${query}`);
  }

  async getTraces(
    entity: CompoundEntityRef,
    options: { environment: string },
  ): Promise<wire.EntityTracesResponse> {
    const query = new URLSearchParams({ environment: options.environment });
    return this.request('GET', `${entityPath(entity)}/traces?${query}`);
  }

  async getMeshGraph(
    options: MeshGraphQuery = {},
  ): Promise<wire.MeshGraphResponse> {
    const query = new URLSearchParams();
    for (const key of ['environment', 'namespace', 'owner'] as const) {
      const value = options[key];
      if (value) query.set(key, value);
    }
    const search = query.toString();
    return this.request('GET', search ? `/graph?${search}` : '/graph');
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('service-mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }
        : {}),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  return `/entities/${[entity.kind, entity.namespace, entity.name]
    .map(part => encodeURIComponent(part))
    .join('/')}`;
}

function appPath(
  entity: CompoundEntityRef,
  app: ArgoAppRef,
  rest: string,
  extra: Record<string, string> = {},
): string {
  const path = `${entityPath(entity)}/argocd/${encodeURIComponent(
    app.instance,
  )}/applications/${encodeURIComponent(app.app)}/${rest}`;
  const query = new URLSearchParams({
    ...(app.appNamespace ? { appNamespace: app.appNamespace } : {}),
    ...extra,
  });
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
