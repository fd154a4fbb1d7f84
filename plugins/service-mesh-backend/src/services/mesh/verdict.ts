import type {
  DeclaredMtls,
  KialiTlsStatus,
  MtlsSourceName,
  MtlsSourceVerdict,
  MtlsStatus,
  MtlsVerdict,
  ObservedMtls,
  ReportedMtls,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';

type Known = Exclude<MtlsVerdict, 'unknown'>;
const RANK: Record<Known, number> = { off: 0, partial: 1, strict: 2 };

/**
 * Share of mTLS traffic at or above which traffic counts as fully mutual TLS. Not 1: the share is a
 * ratio of two sums of `rate()` over a 5-minute window, each series extrapolated on its own, so fully
 * mutual traffic can read 99.95 %; a per-mille tolerance absorbs that rounding, not a plaintext client.
 */
export const FULL_MTLS_SHARE = 0.999;

function fromDeclared(d: DeclaredMtls): Known | undefined {
  if (d.mode === 'STRICT') {
    // A DestinationRule with a TLS mode other than ISTIO_MUTUAL makes its clients send plaintext or
    // one-way TLS: the declared configuration does not give mutual TLS on every path.
    return d.weakDestinationRules.length > 0 ? 'partial' : 'strict';
  }
  if (d.mode === 'PERMISSIVE') return 'partial';
  if (d.mode === 'DISABLE') return 'off';
  // UNSET: no PeerAuthentication in Git. The mode then comes from policies Git may not hold
  // (the mesh root namespace, Istio's PERMISSIVE default), so Git gives no verdict of its own.
  return undefined;
}

/**
 * What each Kiali TLS status says. Without a policy (`MTLS_NOT_ENABLED`, `UNSET`) Istio's default is
 * PERMISSIVE: plaintext is accepted, though auto mTLS still encrypts sidecar-to-sidecar traffic; that is
 * partial, not off, unless auto mTLS is off. A PeerAuthentication that fails Kiali's validation
 * (`MTLS_VALIDATION_ERROR`) cannot be relied on to enforce anything: partial.
 */
const REPORTED: Record<KialiTlsStatus, (autoMtls: boolean) => Known> = {
  MTLS_ENABLED: () => 'strict',
  MTLS_ENABLED_EXTENDED: () => 'strict',
  UNSET_INHERITED_STRICT: () => 'strict',
  MTLS_PARTIALLY_ENABLED: () => 'partial',
  MTLS_VALIDATION_ERROR: () => 'partial',
  MTLS_NOT_ENABLED: autoMtls => (autoMtls ? 'partial' : 'off'),
  UNSET: autoMtls => (autoMtls ? 'partial' : 'off'),
  MTLS_DISABLED: () => 'off',
  UNSET_INHERITED_DISABLED: () => 'off',
};

function fromReported(r: ReportedMtls): Known {
  return REPORTED[r.status](r.autoMTLSEnabled);
}

/** The fact Kiali's part is read from, naming Kiali's namespace and mesh-wide statuses when they were combined. */
function reportedDetail(r: ReportedMtls): string {
  return r.namespaceStatus
    ? `Kiali reports ${r.status} (namespace ${r.namespaceStatus}, mesh-wide ${r.meshStatus})`
    : `Kiali reports ${r.status}`;
}

function fromObserved(o: ObservedMtls): Known | undefined {
  if (o.mutualTlsShare === null) return undefined;
  if (o.mutualTlsShare >= FULL_MTLS_SHARE) return 'strict';
  return o.mutualTlsShare > 0 ? 'partial' : 'off';
}

/** How the summary names each source. */
const SOURCE_NAMES: Record<MtlsSourceName, string> = {
  git: 'Git',
  kiali: 'Kiali',
  traffic: 'traffic',
};

const AGREED: Record<Known, string> = {
  strict: 'Mutual TLS is enforced',
  partial: 'Mutual TLS is not enforced: plaintext is still accepted',
  off: 'Mutual TLS is off',
};

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * Combines what Git declares, what Kiali reports and what traffic shows into one verdict: the weakest
 * of the known parts (a STRICT policy that traffic contradicts is not strict). The status carries each
 * part (`sources`) and whether they disagree, so that the frontend renders and never re-decides; when
 * they disagree, the summary says so and what to check.
 */
export function mtlsVerdict(
  declared: SourceResult<DeclaredMtls>,
  reported: SourceResult<ReportedMtls>,
  observed: SourceResult<ObservedMtls>,
): { status: MtlsStatus; disagreement: boolean } {
  const parts: MtlsSourceVerdict[] = [];
  if (declared.state === 'ok' && declared.data) {
    const v = fromDeclared(declared.data);
    if (v) {
      const weak = declared.data.weakDestinationRules;
      parts.push({
        source: 'git',
        verdict: v,
        detail: `Git declares ${declared.data.mode}${weak.length ? ` but ${weak.join(', ')} sets a TLS mode other than ISTIO_MUTUAL` : ''}`,
      });
    }
  }
  if (reported.state === 'ok' && reported.data) {
    parts.push({
      source: 'kiali',
      verdict: fromReported(reported.data),
      detail: reportedDetail(reported.data),
    });
  }
  if (observed.state === 'ok' && observed.data) {
    const v = fromObserved(observed.data);
    if (v && observed.data.mutualTlsShare !== null) {
      parts.push({
        source: 'traffic',
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
        sources: [],
        disagreement: false,
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
    summary = `The sources disagree: ${facts}. ${SOURCE_NAMES[strongest.source]} says ${strongest.verdict} but ${SOURCE_NAMES[weakest.source]} says ${verdict}; check that the manifests in Git are what Argo CD applied and that every client has a sidecar.`;
  }
  return {
    status: {
      verdict,
      summary,
      sources: parts,
      disagreement: !agree,
      declared,
      reported,
      observed,
    },
    disagreement: !agree,
  };
}
