import type {
  DiagnosticsEntry,
  SourceName,
} from '@meshport/plugin-service-mesh-common';
import { kialiVersion } from '../kiali';
import { failedSource } from '../upstream';
import type { SourceReader } from './reader';

/** One source to probe: where it is and how to ask its version. */
interface Probe {
  source: SourceName;
  instance: string;
  url: string;
  version: () => Promise<string | undefined>;
}

/**
 * Asks one source its version against the deadline, whatever its circuit breaker says; a failure becomes
 * the entry's state and message. The entry carries the breaker's state and last error.
 */
async function probe(
  reader: SourceReader,
  { source, instance, url, version }: Probe,
): Promise<DiagnosticsEntry> {
  const started = Date.now();
  // Kiali and Prometheus have one instance: their calls name none.
  const breaker = reader.breakers
    .of(source, source === 'argocd' ? instance : undefined)
    .status();
  try {
    const v = await reader.fetch({
      source,
      instance,
      load: version,
      unguarded: true,
    });
    return {
      source,
      instance,
      url,
      state: 'ok',
      ...(v ? { version: v } : {}),
      ...(reader.sandbox ? { message: 'simulated by the sandbox' } : {}),
      latencyMs: Date.now() - started,
      breaker,
    };
  } catch (error) {
    const failure = failedSource(source, instance, error);
    return {
      source,
      instance,
      url,
      state: failure.state,
      message: failure.message,
      latencyMs: Date.now() - started,
      breaker,
    };
  }
}

/**
 * `GET /diagnostics`: can each configured instance be reached with its credentials, which version is it,
 * and is its circuit breaker (on this replica) open?
 */
export function diagnostics(reader: SourceReader): Promise<DiagnosticsEntry[]> {
  const { argocd, kiali, prometheus } = reader.sources;
  const probes: Probe[] = [
    ...argocd.map(i => ({
      source: 'argocd' as const,
      instance: i.api.instance,
      url: i.url,
      version: async () => (await i.api.version()).Version,
    })),
    ...(kiali
      ? [
          {
            source: 'kiali' as const,
            instance: 'kiali',
            url: kiali.url,
            version: async () => kialiVersion(await kiali.api.status()),
          },
        ]
      : []),
    ...(prometheus
      ? [
          {
            source: 'prometheus' as const,
            instance: 'prometheus',
            url: prometheus.url,
            version: () => prometheus.version(),
          },
        ]
      : []),
  ];
  return Promise.all(probes.map(p => probe(reader, p)));
}
