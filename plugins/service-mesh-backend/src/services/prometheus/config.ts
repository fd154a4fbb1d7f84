import type { Config } from '@backstage/config';

/** Prometheus as configured under `serviceMesh.prometheus`. */
export interface PrometheusConfig {
  /** Base URL without a trailing slash, e.g. `http://prometheus.istio-system:9090`. */
  baseUrl: string;
  /** Bearer token sent to Prometheus (server-side only). */
  token?: string;
  /** Timeout of each query. */
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT_MS = 120_000;
const PATH = 'serviceMesh.prometheus';

/**
 * Reads `serviceMesh.prometheus: { baseUrl, token?, timeoutMs? }`; undefined when the block is absent.
 * Throws an error naming the config path for a value Meshport cannot use.
 */
export function readPrometheusConfig(
  config: Config,
): PrometheusConfig | undefined {
  const block = config.getOptionalConfig(PATH);
  if (!block) return undefined;
  const raw = block.getString('baseUrl');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `Invalid config at ${PATH}.baseUrl: "${raw}" is not an absolute URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `Invalid config at ${PATH}.baseUrl: the URL must use http or https, not ${url.protocol}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `Invalid config at ${PATH}.baseUrl: the URL must not carry credentials, a query or a fragment; put a bearer token in ${PATH}.token`,
    );
  }
  const token = block.getOptionalString('token');
  if (token !== undefined && token.trim() === '') {
    throw new Error(
      `Invalid config at ${PATH}.token: the token is empty; remove the key or set a token`,
    );
  }
  const timeoutMs = block.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (
    !Number.isInteger(timeoutMs) ||
    timeoutMs <= 0 ||
    timeoutMs > MAX_TIMEOUT_MS
  ) {
    throw new Error(
      `Invalid config at ${PATH}.timeoutMs: expected a whole number of milliseconds between 1 and ${MAX_TIMEOUT_MS}, got ${timeoutMs}`,
    );
  }
  return {
    baseUrl: raw.replace(/\/+$/, ''),
    ...(token !== undefined ? { token } : {}),
    timeoutMs,
  };
}
