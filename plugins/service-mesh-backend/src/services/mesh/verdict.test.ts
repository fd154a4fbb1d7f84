import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  MtlsStatus,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import { mtlsVerdict } from './verdict';

/**
 * The four cases on which the backend and the entity tab once disagreed, as wire objects. The
 * frontend's MtlsSection test renders the same file, so what the tab shows cannot drift from this.
 */
const cases: Array<{ name: string; mtls: MtlsStatus }> = JSON.parse(
  readFileSync(
    resolve(
      __dirname,
      '../../../../service-mesh/src/__fixtures__/mtlsVerdicts.json',
    ),
    'utf8',
  ),
);

const ok = <T>(source: any, data: T): SourceResult<T> => ({
  source,
  state: 'ok',
  data,
});
const git = (mode: any, weakDestinationRules: string[] = []) =>
  ok('git', { mode, objects: [], weakDestinationRules, location: 'l' });
const kiali = (status: any, autoMTLSEnabled = true) =>
  ok('kiali', { status, autoMTLSEnabled });
const traffic = (mutualTlsShare: number) =>
  ok('prometheus', { mutualTlsShare, requestsPerSecond: 5 });

/** Verdict, per-source verdicts and disagreement, the parts the four rules decide. */
function decided(status: MtlsStatus) {
  return {
    verdict: status.verdict,
    sources: status.sources.map(s => `${s.source}:${s.verdict}`),
    disagreement: status.disagreement,
  };
}

describe('mtlsVerdict', () => {
  it('produces exactly the shared fixture, the wire object the tab renders', () => {
    expect(cases.map(c => c.name)).toEqual([
      'Git STRICT, Kiali MTLS_ENABLED and 99.95 % mutual-TLS traffic: strict, the sources agree',
      'Kiali MTLS_NOT_ENABLED with auto mTLS: partial, like Git PERMISSIVE and mixed traffic',
      'Git STRICT with a DestinationRule that is not ISTIO_MUTUAL: partial, against Kiali and traffic',
      'Git UNSET: no verdict from Git; Kiali and traffic agree on strict',
    ]);
    for (const { mtls } of cases) {
      expect(mtlsVerdict(mtls.declared, mtls.reported, mtls.observed)).toEqual({
        status: mtls,
        disagreement: mtls.disagreement,
      });
    }
  });

  // Rate extrapolation over a 5-minute window keeps fully mutual traffic just below 1.
  it('counts traffic at or above 99.9 % mutual TLS as strict, and below it as partial', () => {
    const at = (share: number) =>
      decided(
        mtlsVerdict(git('STRICT'), kiali('MTLS_ENABLED'), traffic(share))
          .status,
      );
    expect(at(0.9995)).toEqual({
      verdict: 'strict',
      sources: ['git:strict', 'kiali:strict', 'traffic:strict'],
      disagreement: false,
    });
    expect(at(0.999)).toEqual(at(0.9995));
    expect(at(0.9989)).toEqual({
      verdict: 'partial',
      sources: ['git:strict', 'kiali:strict', 'traffic:partial'],
      disagreement: true,
    });
  });

  // No policy accepts plaintext; auto mTLS only encrypts what sidecars send each other.
  it('reads Kiali MTLS_NOT_ENABLED as partial with auto mTLS and off without', () => {
    const { status, disagreement } = mtlsVerdict(
      git('STRICT'),
      kiali('MTLS_NOT_ENABLED', true),
      traffic(1),
    );
    expect(decided(status)).toEqual({
      verdict: 'partial',
      sources: ['git:strict', 'kiali:partial', 'traffic:strict'],
      disagreement: true,
    });
    expect(disagreement).toBe(true);
    expect(
      decided(
        mtlsVerdict(
          git('DISABLE'),
          kiali('MTLS_NOT_ENABLED', false),
          traffic(0),
        ).status,
      ),
    ).toEqual({
      verdict: 'off',
      sources: ['git:off', 'kiali:off', 'traffic:off'],
      disagreement: false,
    });
  });

  // A client-side TLS mode other than ISTIO_MUTUAL breaks mutual TLS on that path despite STRICT.
  it('reads Git STRICT with a weak DestinationRule as partial', () => {
    const { status } = mtlsVerdict(
      git('STRICT', ['DestinationRule/shop/plain']),
      kiali('MTLS_PARTIALLY_ENABLED'),
      traffic(0.5),
    );
    expect(decided(status)).toEqual({
      verdict: 'partial',
      sources: ['git:partial', 'kiali:partial', 'traffic:partial'],
      disagreement: false,
    });
    expect(status.sources[0].detail).toBe(
      'Git declares STRICT but DestinationRule/shop/plain sets a TLS mode other than ISTIO_MUTUAL',
    );
  });

  // Without a PeerAuthentication in Git the mode comes from elsewhere (root namespace, Istio default).
  it('takes no verdict from Git UNSET, so the other sources decide alone', () => {
    const { status, disagreement } = mtlsVerdict(
      git('UNSET'),
      kiali('MTLS_DISABLED'),
      traffic(0),
    );
    expect(decided(status)).toEqual({
      verdict: 'off',
      sources: ['kiali:off', 'traffic:off'],
      disagreement: false,
    });
    expect(disagreement).toBe(false);
    expect(status.summary).toBe(
      'Mutual TLS is off (Kiali reports MTLS_DISABLED; 0% of requests use mutual TLS).',
    );
  });

  it('carries no source and no disagreement when nothing could tell', () => {
    const down: SourceResult<never> = {
      source: 'kiali',
      state: 'timeout',
      message: 'slow',
    };
    const { status } = mtlsVerdict(git('UNSET'), down, down);
    expect(decided(status)).toEqual({
      verdict: 'unknown',
      sources: [],
      disagreement: false,
    });
  });
});

describe('mtlsVerdict on every TLS status Kiali sends (issue 12, defect 1)', () => {
  it.each([
    ['MTLS_ENABLED', true, 'strict'],
    ['MTLS_ENABLED_EXTENDED', true, 'strict'],
    ['UNSET_INHERITED_STRICT', true, 'strict'],
    ['MTLS_PARTIALLY_ENABLED', true, 'partial'],
    ['MTLS_VALIDATION_ERROR', true, 'partial'],
    ['MTLS_NOT_ENABLED', true, 'partial'],
    ['MTLS_NOT_ENABLED', false, 'off'],
    ['UNSET', true, 'partial'],
    ['UNSET', false, 'off'],
    ['MTLS_DISABLED', true, 'off'],
    ['UNSET_INHERITED_DISABLED', true, 'off'],
  ])('Kiali %s (auto mTLS %s) says %s', (status, autoMtls, verdict) => {
    const { status: mtls } = mtlsVerdict(
      git('UNSET'),
      kiali(status, autoMtls),
      {
        source: 'prometheus',
        state: 'ok',
        data: { mutualTlsShare: null, requestsPerSecond: 0 },
      },
    );
    expect(mtls.sources).toEqual([
      { source: 'kiali', verdict, detail: `Kiali reports ${status}` },
    ]);
    expect(mtls.verdict).toBe(verdict);
  });

  it('names both Kiali statuses when the mesh-wide one decided', () => {
    const { status } = mtlsVerdict(
      git('UNSET'),
      ok('kiali', {
        status: 'MTLS_ENABLED_EXTENDED',
        autoMTLSEnabled: true,
        namespaceStatus: 'MTLS_NOT_ENABLED',
        meshStatus: 'MTLS_ENABLED',
      }),
      traffic(1),
    );
    expect(decided(status)).toEqual({
      verdict: 'strict',
      sources: ['kiali:strict', 'traffic:strict'],
      disagreement: false,
    });
    expect(status.summary).toBe(
      'Mutual TLS is enforced (Kiali reports MTLS_ENABLED_EXTENDED (namespace MTLS_NOT_ENABLED, mesh-wide MTLS_ENABLED); 100% of requests use mutual TLS).',
    );
  });
});
