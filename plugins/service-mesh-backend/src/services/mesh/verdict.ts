import type {
  DeclaredMtls,
  MtlsStatus,
  MtlsVerdict,
  ObservedMtls,
  ReportedMtls,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';

type Known = Exclude<MtlsVerdict, 'unknown'>;
const RANK: Record<Known, number> = { off: 0, partial: 1, strict: 2 };

/** Share of mTLS traffic at or above which traffic counts as fully mutual TLS. */
export const FULL_MTLS_SHARE = 0.999;

function fromDeclared(d: DeclaredMtls): Known | undefined {
  if (d.mode === 'STRICT') {
    return d.weakDestinationRules.length > 0 ? 'partial' : 'strict';
  }
  if (d.mode === 'PERMISSIVE') return 'partial';
  if (d.mode === 'DISABLE') return 'off';
  return undefined;
}

function fromReported(r: ReportedMtls): Known {
  switch (r.status) {
    case 'MTLS_ENABLED':
      return 'strict';
    case 'MTLS_PARTIALLY_ENABLED':
      return 'partial';
    case 'MTLS_NOT_ENABLED':
      // No policy: plaintext is accepted, though auto mTLS still encrypts sidecar-to-sidecar traffic.
      return r.autoMTLSEnabled ? 'partial' : 'off';
    default:
      return 'off';
  }
}

function fromObserved(o: ObservedMtls): Known | undefined {
  if (o.mutualTlsShare === null) return undefined;
  if (o.mutualTlsShare >= FULL_MTLS_SHARE) return 'strict';
  return o.mutualTlsShare > 0 ? 'partial' : 'off';
}

const AGREED: Record<Known, string> = {
  strict: 'Mutual TLS is enforced',
  partial: 'Mutual TLS is not enforced: plaintext is still accepted',
  off: 'Mutual TLS is off',
};

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * Combines what Git declares, what Kiali reports and what traffic shows into one verdict: the weakest
 * of the known parts (a STRICT policy that traffic contradicts is not strict). When the parts disagree,
 * the summary says so and what to check, and `disagreement` is true.
 */
export function mtlsVerdict(
  declared: SourceResult<DeclaredMtls>,
  reported: SourceResult<ReportedMtls>,
  observed: SourceResult<ObservedMtls>,
): { status: MtlsStatus; disagreement: boolean } {
  const parts: Array<{ from: string; verdict: Known; detail: string }> = [];
  if (declared.state === 'ok' && declared.data) {
    const v = fromDeclared(declared.data);
    if (v) {
      const weak = declared.data.weakDestinationRules;
      parts.push({
        from: 'Git',
        verdict: v,
        detail: `Git declares ${declared.data.mode}${weak.length ? ` but ${weak.join(', ')} sets a TLS mode other than ISTIO_MUTUAL` : ''}`,
      });
    }
  }
  if (reported.state === 'ok' && reported.data) {
    parts.push({
      from: 'Kiali',
      verdict: fromReported(reported.data),
      detail: `Kiali reports ${reported.data.status}`,
    });
  }
  if (observed.state === 'ok' && observed.data) {
    const v = fromObserved(observed.data);
    if (v && observed.data.mutualTlsShare !== null) {
      parts.push({
        from: 'traffic',
        verdict: v,
        detail: `${percent(observed.data.mutualTlsShare)} of requests use mutual TLS`,
      });
    }
  }
  if (parts.length === 0) {
    return {
      status: {
        verdict: 'unknown',
        summary:
          'No source could tell: Git declares no PeerAuthentication, Kiali is unavailable and there is no traffic to judge by.',
        declared,
        reported,
        observed,
      },
      disagreement: false,
    };
  }
  const verdict = parts.reduce<Known>(
    (weakest, p) => (RANK[p.verdict] < RANK[weakest] ? p.verdict : weakest),
    'strict',
  );
  const agree = parts.every(p => p.verdict === parts[0].verdict);
  const facts = parts.map(p => p.detail).join('; ');
  let summary: string;
  if (agree) {
    summary = `${AGREED[verdict]} (${facts}).`;
  } else {
    const strongest = parts.find(p => p.verdict !== verdict)!;
    const weakest = parts.find(p => p.verdict === verdict)!;
    summary = `The sources disagree: ${facts}. ${strongest.from} says ${strongest.verdict} but ${weakest.from} says ${verdict}; check that the manifests in Git are what Argo CD applied and that every client has a sidecar.`;
  }
  return {
    status: { verdict, summary, declared, reported, observed },
    disagreement: !agree,
  };
}
