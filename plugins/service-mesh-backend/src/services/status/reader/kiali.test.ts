import { mapCache } from '../../../__testUtils__/cache';
import { SourceCache } from '../../cache';
import type { KialiApi, KialiMtlsStatus } from '../../kiali';
import { UpstreamError } from '../../upstream';
import type { MeshSources } from '../sources';
import { Breakers, RESILIENCE_DEFAULTS } from './breaker';
import { kialiTls, reportedMtls } from './kiali';
import { SourceReader } from './SourceReader';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const TTL_MS = 30_000;

/** A Kiali 2.x whose TLS answers can be switched off; records the namespaces of each batched call. */
function setup(options: { meshEndpoint?: boolean } = {}) {
  const clock = { now: T0 };
  const now = () => clock.now;
  const cache = new SourceCache(mapCache().cache, TTL_MS, {
    keepMs: 3_600_000,
    now,
  });
  const breakers = new Breakers(RESILIENCE_DEFAULTS, now);
  const kiali = { up: true, batches: [] as string[][], meshCalls: 0 };
  const down = () =>
    Promise.reject(
      new UpstreamError({
        source: 'kiali',
        state: 'unreachable',
        message: 'Kiali is unreachable: connection refused',
      }),
    );
  const api = {
    status: async () => ({ status: { 'Kiali version': 'v2.4.0' } }),
    meshTls: async () => {
      kiali.meshCalls++;
      if (options.meshEndpoint === false) {
        throw new UpstreamError({
          source: 'kiali',
          state: 'not-found',
          status: 404,
          message: 'Kiali has no such object: HTTP 404 (GET api/mesh/tls)',
        });
      }
      return kiali.up
        ? { status: 'MTLS_NOT_ENABLED', autoMTLSEnabled: true }
        : down();
    },
    clustersTls: async (namespaces: string[]) => {
      kiali.batches.push(namespaces);
      if (!kiali.up) return down();
      return namespaces.map((namespace): KialiMtlsStatus => ({
        namespace,
        status: 'MTLS_ENABLED',
        autoMTLSEnabled: true,
        minTLS: 'N/A',
      }));
    },
  } as unknown as KialiApi;
  const sources = {
    sandbox: false,
    argocd: [],
    kiali: { api, url: 'http://kiali', consoleUrl: 'http://kiali' },
  } as unknown as MeshSources;
  const open = () =>
    new SourceReader({ sources, cache, deadlineMs: 2_000, breakers });
  return { clock, kiali, open };
}

describe("Kiali's TLS status of a set of namespaces", () => {
  it('asks one batched call for the whole set, and serves each namespace from its cache', async () => {
    const { kiali, open } = setup();
    const first = await kialiTls(open(), ['shop', 'identity']);
    expect(first.state).toBe('ok');
    expect(first.data!.namespaces.map(s => s.namespace)).toEqual([
      'identity',
      'shop',
    ]);
    await kialiTls(open(), ['shop']);
    expect(kiali.batches).toEqual([['identity', 'shop']]);
  });

  it('keeps the last good answers of the namespaces it had when a namespace is added while Kiali is down', async () => {
    const { clock, kiali, open } = setup();
    await kialiTls(open(), ['identity', 'shop']);
    kiali.up = false;
    clock.now += TTL_MS;
    const tls = await kialiTls(open(), ['identity', 'shop', 'orders']);
    expect(tls).toMatchObject({
      state: 'ok',
      message: 'Kiali is unreachable: connection refused',
      stale: {
        fetchedAt: '2026-11-28T10:00:00.000Z',
        reason: 'Kiali unreachable',
      },
    });
    expect(reportedMtls(tls, 'shop')).toMatchObject({
      state: 'ok',
      data: { status: 'MTLS_ENABLED', meshStatus: 'MTLS_NOT_ENABLED' },
    });
    // The new namespace was never read: its own failure, not "no such namespace".
    expect(reportedMtls(tls, 'orders')).toEqual({
      source: 'kiali',
      state: 'unreachable',
      message: 'Kiali is unreachable: connection refused',
    });
  });

  it('asks a Kiali without the mesh-wide endpoint once, and reads the namespaces as Kiali sent them', async () => {
    const { kiali, open } = setup({ meshEndpoint: false });
    const first = await kialiTls(open(), ['shop']);
    const second = await kialiTls(open(), ['shop']);
    expect(kiali.meshCalls).toBe(1);
    expect(second).toEqual(first);
    expect(reportedMtls(second, 'shop')).toEqual({
      source: 'kiali',
      state: 'ok',
      data: { status: 'MTLS_ENABLED', autoMTLSEnabled: true, minTLS: 'N/A' },
    });
  });

  it('fails as Kiali failed when no namespace has a last good answer', async () => {
    const { kiali, open } = setup();
    kiali.up = false;
    await expect(kialiTls(open(), ['shop'])).resolves.toEqual({
      source: 'kiali',
      state: 'unreachable',
      message: 'Kiali is unreachable: connection refused',
    });
  });
});
