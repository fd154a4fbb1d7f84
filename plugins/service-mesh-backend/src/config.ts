import type { Config } from '@backstage/config';
import { kubernetesNameProblem } from '@meshport/plugin-service-mesh-common';
import { normalizeEntityRef, type AccessConfig } from './services/argocd';
import { RESILIENCE_DEFAULTS, type ResilienceConfig } from './services/status';
import { readClusters, readLabelName } from './configClusters';
import type { MeshCluster } from './services/mesh/clusters';
import { RECORDED_CLUSTER_LABEL } from './services/prometheus/recordingRules';
import {
  CANARY_ANALYSIS_DEFAULTS,
  type CanaryAnalysisConfig,
} from './services/prometheus';

/** One configured Argo CD instance. */
export interface ArgoCdInstanceConfig {
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
  token: string;
  timeoutMs: number;
}

/** Kiali as configured. */
export interface KialiConfig {
  url: string;
  token?: string;
  consoleUrl: string;
  timeoutMs: number;
}

/** Grafana as configured (links only). */
export interface GrafanaConfig {
  url: string;
  dashboards: { istioWorkload: string; istioService: string };
}

/** Prometheus as configured under `serviceMesh.prometheus`. */
export interface PrometheusConfig {
  /** Base URL without a trailing slash, e.g. `http://prometheus.istio-system:9090`. */
  baseUrl: string;
  /** Bearer token sent to Prometheus (server-side only). */
  token?: string;
  /** Timeout of each query. */
  timeoutMs: number;
  /** The label of Istio's metrics naming the workload's cluster (`destination_cluster`). */
  clusterLabel: string;
  /** The label of Istio's metrics naming the calling workload's cluster (`source_cluster`), for edges. */
  sourceClusterLabel: string;
  /** The label of the container metrics naming the cluster (`cluster`), used with `clusters` only. */
  containerClusterLabel: string;
  /** The overview reads Meshport's recorded series (`prometheus-rules.yaml`) instead of Istio's raw ones. */
  recordingRules: boolean;
}

/** Jaeger as configured under `serviceMesh.jaeger`: its query API (v1 or v2's `/api/v3`) and UI. */
export interface JaegerConfig {
  /** Base URL of the query service as the backend reaches it, without a trailing slash. */
  url: string;
  /** Base URL of the UI as users open it (default: `url`). */
  consoleUrl: string;
  /** Bearer token sent to Jaeger (server-side only). */
  token?: string;
  /** `v1` (`/api/traces`), `v3` (`/api/v3/traces`, Jaeger v2), or `auto`: v3 first, v1 when absent. */
  apiVersion: 'v1' | 'v3' | 'auto';
  timeoutMs: number;
}

/** The `serviceMesh` configuration, validated. */
export interface ServiceMeshConfig {
  sandbox: boolean;
  /** The sandbox's fault switch file (tests only; ignored without the sandbox). */
  sandboxFaultsFile?: string;
  cacheTtlSeconds: number;
  /** How long a caller's view of the meshed entities is kept for its next requests; 0: not kept. */
  catalogViewTtlSeconds: number;
  deadlineMs: number;
  argocd: ArgoCdInstanceConfig[];
  kiali?: KialiConfig;
  prometheus?: PrometheusConfig;
  grafana?: GrafanaConfig;
  jaeger?: JaegerConfig;
  /** URL prefixes whose manifests any entity may name, besides its own repository. */
  manifests?: { allowedUrls: string[] };
  /** The platform's binding rule: owner → Argo CD projects (refs normalised); unset: none. */
  access?: AccessConfig;
  /** Circuit breakers and serving stale answers. */
  resilience: ResilienceConfig;
  /** Argo CD destination clusters with their Kiali and Prometheus names; empty: one cluster. */
  clusters: MeshCluster[];
  /** `canary.analysis`: the window and thresholds of the canary analysis before a canary step. */
  canaryAnalysis: CanaryAnalysisConfig;
}

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT_MS = 120_000;

function readUrl(config: Config, key: string, path: string): string {
  return checkUrl(config.getString(key), path);
}

/** An absolute http(s) URL without credentials, query or fragment; trailing slashes removed. */
function checkUrl(value: string, path: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(
      `Invalid config at serviceMesh.${path}: "${value}" is not an absolute URL`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(
      `Invalid config at serviceMesh.${path}: the URL must use http or https, not ${parsed.protocol}`,
    );
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: the URL must not carry credentials, a query or a fragment; put a token in the token key`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** A whole number from `min` (default 1) to `max`, or `fallback` when unset; else an error naming `path`. */
function readInt(
  config: Config,
  key: string,
  path: string,
  fallback: number,
  max: number,
  min = 1,
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: expected a whole number between ${min} and ${max}, got ${value}`,
    );
  }
  return value;
}

/** A token: required (`getString`) or optional; never blank. */
function readToken(
  config: Config,
  key: string,
  path: string,
  required: boolean,
): string | undefined {
  const token = required
    ? config.getString(key)
    : config.getOptionalString(key);
  if (token !== undefined && !token.trim()) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: the token is empty${required ? '' : '; remove the key or set a token'}`,
    );
  }
  return token;
}

/** The per-call timeout of an upstream, 5 s unless configured. */
function readTimeout(config: Config, path: string): number {
  return readInt(
    config,
    'timeoutMs',
    `${path}.timeoutMs`,
    DEFAULT_TIMEOUT_MS,
    MAX_TIMEOUT_MS,
  );
}

function readPrometheus(
  config: Config | undefined,
): PrometheusConfig | undefined {
  if (!config) return undefined;
  const baseUrl = readUrl(config, 'baseUrl', 'prometheus.baseUrl');
  const token = readToken(config, 'token', 'prometheus.token', false);
  const clusterLabel = readLabelName(
    config,
    'clusterLabel',
    'prometheus.clusterLabel',
    RECORDED_CLUSTER_LABEL,
  );
  const recordingRules = config.getOptionalBoolean('recordingRules') ?? false;
  if (recordingRules && clusterLabel !== RECORDED_CLUSTER_LABEL) {
    throw new Error(
      `Invalid config at serviceMesh.prometheus.recordingRules: the recording rules keep Istio's ${RECORDED_CLUSTER_LABEL} label, but prometheus.clusterLabel is "${clusterLabel}"; remove recordingRules or clusterLabel`,
    );
  }
  return {
    baseUrl,
    ...(token !== undefined ? { token } : {}),
    timeoutMs: readTimeout(config, 'prometheus'),
    clusterLabel,
    sourceClusterLabel: readLabelName(
      config,
      'sourceClusterLabel',
      'prometheus.sourceClusterLabel',
      'source_cluster',
    ),
    containerClusterLabel: readLabelName(
      config,
      'containerClusterLabel',
      'prometheus.containerClusterLabel',
      'cluster',
    ),
    recordingRules,
  };
}

const JAEGER_API_VERSIONS = ['v1', 'v3', 'auto'] as const;

function readJaeger(config: Config | undefined): JaegerConfig | undefined {
  if (!config) return undefined;
  const url = readUrl(config, 'url', 'jaeger.url');
  const token = readToken(config, 'token', 'jaeger.token', false);
  const apiVersion = config.getOptionalString('apiVersion') ?? 'auto';
  if (!(JAEGER_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new Error(
      `Invalid config at serviceMesh.jaeger.apiVersion: expected one of ${JAEGER_API_VERSIONS.join(', ')}, got "${apiVersion}"`,
    );
  }
  return {
    url,
    consoleUrl: config.has('consoleUrl')
      ? readUrl(config, 'consoleUrl', 'jaeger.consoleUrl')
      : url,
    ...(token !== undefined ? { token } : {}),
    apiVersion: apiVersion as JaegerConfig['apiVersion'],
    timeoutMs: readTimeout(config, 'jaeger'),
  };
}

function readArgoCd(config: Config | undefined): ArgoCdInstanceConfig[] {
  if (!config) return [];
  const instances = config.getConfigArray('instances');
  const seen = new Set<string>();
  return instances.map((instance, index) => {
    const path = `argocd.instances[${index}]`;
    const name = instance.getString('name');
    const problem = kubernetesNameProblem(name, 'dns1123-label');
    if (problem) {
      throw new Error(`Invalid config at serviceMesh.${path}.name: ${problem}`);
    }
    if (seen.has(name)) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.name: the instance name "${name}" is used twice`,
      );
    }
    seen.add(name);
    const token = readToken(instance, 'token', `${path}.token`, true)!;
    return {
      name,
      url: readUrl(instance, 'url', `${path}.url`),
      token,
      timeoutMs: readTimeout(instance, path),
    };
  });
}

/**
 * Reads and validates the `serviceMesh` configuration. Throws an error naming the config path of the
 * first bad value; refuses `sandbox: true` when `nodeEnv` is `production`.
 */
export function readServiceMeshConfig(
  root: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): ServiceMeshConfig {
  const config = root.getOptionalConfig('serviceMesh');
  const sandbox = config?.getOptionalBoolean('sandbox') ?? false;
  if (sandbox && nodeEnv === 'production') {
    throw new Error(
      'Invalid config at serviceMesh.sandbox: the sandbox serves simulated data and cannot be enabled when NODE_ENV is production; remove serviceMesh.sandbox from the production config',
    );
  }
  const kiali = config?.getOptionalConfig('kiali');
  const grafana = config?.getOptionalConfig('grafana');
  const jaeger = config?.getOptionalConfig('jaeger');
  const kialiUrl = kiali ? readUrl(kiali, 'url', 'kiali.url') : undefined;
  return {
    sandbox,
    sandboxFaultsFile: sandbox
      ? config?.getOptionalString('sandboxFaultsFile')
      : undefined,
    cacheTtlSeconds: config
      ? readInt(config, 'cacheTtlSeconds', 'cacheTtlSeconds', 30, 3600)
      : 30,
    catalogViewTtlSeconds: config
      ? readInt(
          config,
          'catalogViewTtlSeconds',
          'catalogViewTtlSeconds',
          30,
          300,
          0,
        )
      : 30,
    deadlineMs: config
      ? readInt(config, 'deadlineMs', 'deadlineMs', 8000, MAX_TIMEOUT_MS)
      : 8000,
    argocd: readArgoCd(config?.getOptionalConfig('argocd')),
    kiali:
      kiali && kialiUrl
        ? {
            url: kialiUrl,
            token: kiali.getOptionalString('token'),
            consoleUrl: kiali.has('consoleUrl')
              ? readUrl(kiali, 'consoleUrl', 'kiali.consoleUrl')
              : kialiUrl,
            timeoutMs: readTimeout(kiali, 'kiali'),
          }
        : undefined,
    prometheus: readPrometheus(config?.getOptionalConfig('prometheus')),
    grafana: grafana
      ? {
          url: readUrl(grafana, 'url', 'grafana.url'),
          dashboards: {
            istioWorkload:
              grafana.getOptionalString('dashboards.istioWorkload') ??
              'UbsSZTDik',
            istioService:
              grafana.getOptionalString('dashboards.istioService') ??
              'LJ_uJAvmk',
          },
        }
      : undefined,
    jaeger: readJaeger(jaeger),
    manifests: readManifests(config?.getOptionalConfig('manifests')),
    access: readAccess(config?.getOptionalConfig('access')),
    resilience: readResilience(config?.getOptionalConfig('resilience')),
    clusters: readClusters(config),
    canaryAnalysis: readCanaryAnalysis(
      config?.getOptionalConfig('canary.analysis'),
    ),
  };
}

/** A number in [min, max] at `key`, or `fallback` when unset. */
function readNumber(
  config: Config,
  key: string,
  path: string,
  fallback: number,
  [min, max]: [number, number],
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: expected a number between ${min} and ${max}, got ${value}`,
    );
  }
  return value;
}

/** `canary.analysis`: each threshold validated, defaulting to `CANARY_ANALYSIS_DEFAULTS`. */
function readCanaryAnalysis(config: Config | undefined): CanaryAnalysisConfig {
  if (!config) return CANARY_ANALYSIS_DEFAULTS;
  const path = (key: keyof CanaryAnalysisConfig) => `canary.analysis.${key}`;
  const d = CANARY_ANALYSIS_DEFAULTS;
  return {
    windowSeconds: readInt(
      config,
      'windowSeconds',
      path('windowSeconds'),
      d.windowSeconds,
      86_400,
    ),
    minRequests: readInt(
      config,
      'minRequests',
      path('minRequests'),
      d.minRequests,
      1_000_000_000,
    ),
    maxErrorRatioIncrease: readNumber(
      config,
      'maxErrorRatioIncrease',
      path('maxErrorRatioIncrease'),
      d.maxErrorRatioIncrease,
      [0, 1],
    ),
    maxLatencyP99Ratio: readNumber(
      config,
      'maxLatencyP99Ratio',
      path('maxLatencyP99Ratio'),
      d.maxLatencyP99Ratio,
      [1, 100],
    ),
  };
}

/** `resilience`: every setting a whole number, defaulting to `RESILIENCE_DEFAULTS`. */
function readResilience(config: Config | undefined): ResilienceConfig {
  const int = (key: keyof ResilienceConfig, max: number) =>
    config
      ? readInt(config, key, `resilience.${key}`, RESILIENCE_DEFAULTS[key], max)
      : RESILIENCE_DEFAULTS[key];
  return {
    failureThreshold: int('failureThreshold', 100),
    probeIntervalMs: int('probeIntervalMs', 600_000),
    slowMs: int('slowMs', MAX_TIMEOUT_MS),
    staleTtlSeconds: int('staleTtlSeconds', 604_800),
  };
}

/**
 * `access.ownerProjects`: every key an entity ref (kind required), every value a list of project names.
 * Read as one object: an entity ref (`group:default/team-a`) is not a valid key for the config reader.
 */
function readAccess(config: Config | undefined): AccessConfig | undefined {
  const trustEntityNamespaces = config?.getOptionalBoolean(
    'trustEntityNamespaces',
  );
  const ownerProjects = readOwnerProjects(config);
  if (ownerProjects === undefined && trustEntityNamespaces === undefined) {
    return undefined;
  }
  return {
    ...(ownerProjects ? { ownerProjects } : {}),
    ...(trustEntityNamespaces !== undefined ? { trustEntityNamespaces } : {}),
  };
}

function readOwnerProjects(
  config: Config | undefined,
): AccessConfig['ownerProjects'] {
  const map = config?.getOptional('ownerProjects');
  if (map === undefined) return undefined;
  const path = 'serviceMesh.access.ownerProjects';
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new Error(
      `Invalid config at ${path}: expected a map from owner entity ref to Argo CD project names`,
    );
  }
  const ownerProjects: Record<string, string[]> = {};
  for (const [key, projects] of Object.entries(map)) {
    const owner = normalizeEntityRef(key);
    if (!owner) {
      throw new Error(
        `Invalid config at ${path}: "${key}" is not an entity ref such as group:default/team-a`,
      );
    }
    if (
      !Array.isArray(projects) ||
      projects.some(
        p =>
          typeof p !== 'string' ||
          kubernetesNameProblem(p, 'dns1123-subdomain'),
      )
    ) {
      throw new Error(
        `Invalid config at ${path}["${key}"]: expected a list of Argo CD project names`,
      );
    }
    ownerProjects[owner] = projects as string[];
  }
  return ownerProjects;
}

/** `manifests.allowedUrls`: URL prefixes, each checked like every other configured URL. */
function readManifests(
  config: Config | undefined,
): ServiceMeshConfig['manifests'] {
  const urls = config?.getOptionalStringArray('allowedUrls');
  return urls
    ? {
        allowedUrls: urls.map((url, i) =>
          checkUrl(url, `manifests.allowedUrls[${i}]`),
        ),
      }
    : undefined;
}
