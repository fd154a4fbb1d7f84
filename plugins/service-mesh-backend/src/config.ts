import type { Config } from '@backstage/config';

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

/** The `serviceMesh` configuration, validated. Prometheus is read by `readPrometheusConfig`. */
export interface ServiceMeshConfig {
  sandbox: boolean;
  cacheTtlSeconds: number;
  deadlineMs: number;
  argocd: ArgoCdInstanceConfig[];
  kiali?: KialiConfig;
  grafana?: GrafanaConfig;
  jaeger?: { url: string };
}

const DEFAULT_TIMEOUT_MS = 5000;
const NAME_RULE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function readUrl(config: Config, key: string, path: string): string {
  const value = config.getString(key);
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

function readPositiveInt(
  config: Config,
  key: string,
  path: string,
  fallback: number,
  max: number,
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new Error(
      `Invalid config at serviceMesh.${path}: expected a whole number between 1 and ${max}, got ${value}`,
    );
  }
  return value;
}

function readArgoCd(config: Config | undefined): ArgoCdInstanceConfig[] {
  if (!config) return [];
  const instances = config.getConfigArray('instances');
  const seen = new Set<string>();
  return instances.map((instance, index) => {
    const path = `argocd.instances[${index}]`;
    const name = instance.getString('name');
    if (!NAME_RULE.test(name)) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.name: "${name}" must be a lowercase DNS label (a-z, 0-9, -; at most 63 characters)`,
      );
    }
    if (seen.has(name)) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.name: the instance name "${name}" is used twice`,
      );
    }
    seen.add(name);
    const token = instance.getString('token');
    if (!token.trim()) {
      throw new Error(
        `Invalid config at serviceMesh.${path}.token: the token is empty`,
      );
    }
    return {
      name,
      url: readUrl(instance, 'url', `${path}.url`),
      token,
      timeoutMs: readPositiveInt(
        instance,
        'timeoutMs',
        `${path}.timeoutMs`,
        DEFAULT_TIMEOUT_MS,
        120_000,
      ),
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
    cacheTtlSeconds: config
      ? readPositiveInt(config, 'cacheTtlSeconds', 'cacheTtlSeconds', 30, 3600)
      : 30,
    deadlineMs: config
      ? readPositiveInt(config, 'deadlineMs', 'deadlineMs', 8000, 120_000)
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
            timeoutMs: readPositiveInt(
              kiali,
              'timeoutMs',
              'kiali.timeoutMs',
              DEFAULT_TIMEOUT_MS,
              120_000,
            ),
          }
        : undefined,
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
    jaeger: jaeger ? { url: readUrl(jaeger, 'url', 'jaeger.url') } : undefined,
  };
}
