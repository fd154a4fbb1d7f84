import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ServiceMeshConfig } from '../../config';
import { ArgoCdClient } from '../argocd';
import { UrlReaderManifestSource } from '../git';
import { JaegerClient } from '../jaeger';
import { KialiClient } from '../kiali';
import {
  PrometheusClient,
  PrometheusEdges,
  PrometheusGoldenSignals,
} from '../prometheus';
import { fetchUpstream } from '../upstream';
import type { MeshSources } from './sources';

/** The real upstream sources, built from config. */
export function createUpstreamSources(options: {
  config: ServiceMeshConfig;
  urlReader: UrlReaderService;
}): MeshSources {
  const { config } = options;
  const prometheus = config.prometheus;
  const client = prometheus ? new PrometheusClient(prometheus) : undefined;
  return {
    sandbox: false,
    argocd: config.argocd.map(instance => ({
      api: new ArgoCdClient(instance),
      url: instance.url,
    })),
    kiali: config.kiali
      ? {
          api: new KialiClient(config.kiali),
          url: config.kiali.url,
          consoleUrl: config.kiali.consoleUrl,
        }
      : undefined,
    prometheus:
      prometheus && client
        ? {
            signals: new PrometheusGoldenSignals(
              client,
              {
                istio: prometheus.clusterLabel,
                container: prometheus.containerClusterLabel,
              },
              { recordingRules: prometheus.recordingRules },
            ),
            edges: new PrometheusEdges(client, {
              source: prometheus.sourceClusterLabel,
              destination: prometheus.clusterLabel,
            }),
            url: prometheus.baseUrl,
            version: async () => {
              const info = await fetchUpstream<{ data?: { version?: string } }>(
                `${prometheus.baseUrl}/api/v1/status/buildinfo`,
                {
                  source: 'prometheus',
                  timeoutMs: prometheus.timeoutMs,
                  token: prometheus.token,
                },
              );
              if (typeof info?.data?.version !== 'string') {
                throw new TypeError('the build info has no data.version');
              }
              return info.data.version;
            },
          }
        : undefined,
    manifests: new UrlReaderManifestSource(
      options.urlReader,
      config.deadlineMs,
      config.manifests?.allowedUrls,
    ),
    grafana: config.grafana,
    jaegerUrl: config.jaeger?.consoleUrl,
    jaeger: config.jaeger ? new JaegerClient(config.jaeger) : undefined,
    clusters: config.clusters,
  };
}
