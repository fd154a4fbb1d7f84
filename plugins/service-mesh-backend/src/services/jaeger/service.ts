import { InputError } from '@backstage/errors';
import { showValue } from '@meshport/plugin-service-mesh-common';
import { ISTIO_CLUSTER_TAG } from './spans';

/** A Jaeger service name as Meshport accepts it (from `jaegertracing.io/service` or derived). */
const JAEGER_SERVICE = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,252}$/;

/** True when `value` is a plain Jaeger service name (safe in a query parameter and a UI link). */
export function isJaegerServiceName(value: unknown): value is string {
  return typeof value === 'string' && JAEGER_SERVICE.test(value);
}

/** Returns `service` when it is a plain service name; otherwise throws an `InputError` naming `field`. */
export function checkJaegerService(service: unknown, field: string): string {
  if (!isJaegerServiceName(service)) {
    throw new InputError(
      `Invalid ${field} ${showValue(service)}: expected a Jaeger service name (letters, digits, ".", "-", "_", at most 253 characters)`,
    );
  }
  return service;
}

/**
 * The service name of a workload in traces: the entity's `jaegertracing.io/service`, else Istio's
 * default `<app>.<namespace>` (the proxy's service cluster).
 */
export function jaegerServiceName(
  annotated: string | undefined,
  app: string,
  namespace: string,
): string {
  return annotated ?? `${app}.${namespace}`;
}

/** The Jaeger UI's search page of a service, narrowed to Istio's cluster `cluster` when one is named. */
export function jaegerSearchUrl(
  consoleUrl: string,
  service: string,
  cluster?: string,
): string {
  const params = new URLSearchParams({ service });
  if (cluster !== undefined) {
    params.set('tags', JSON.stringify({ [ISTIO_CLUSTER_TAG]: cluster }));
  }
  return `${consoleUrl}/search?${params}`;
}

/** The Jaeger UI's page of one trace. */
export function jaegerTraceUrl(consoleUrl: string, traceId: string): string {
  return `${consoleUrl}/trace/${encodeURIComponent(traceId)}`;
}
