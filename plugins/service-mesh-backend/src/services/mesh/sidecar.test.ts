import { sidecarStatus } from './sidecar';

const status = (syncedProxies: number) => ({
  name: 'details-v1',
  desiredReplicas: 1,
  currentReplicas: 1,
  availableReplicas: 1,
  syncedProxies,
});

describe('sidecarStatus with what Kiali reports (issue 12, defect 4)', () => {
  it('tells a workload that opts out of injection to drop its opt-out, not to label the namespace', () => {
    expect(
      sidecarStatus({
        namespace: 'bookinfo',
        workload: 'details-v1',
        kialiWorkload: {
          name: 'details-v1',
          istioSidecar: false,
          istioInjectionAnnotation: false,
        },
        kialiStatus: status(-1),
      }),
    ).toEqual({
      injected: false,
      evidence: [
        'Kiali: istioSidecar=false',
        'Kiali: sidecar.istio.io/inject=false on the workload',
        'Kiali: proxy sync not applicable (no sidecar proxy reports a status)',
      ],
      fix: 'details-v1 opts out of the mesh with sidecar.istio.io/inject: "false"; if it belongs in the mesh, remove that from its pod template in Git, let Argo CD sync, then kubectl rollout restart deployment/details-v1 -n bookinfo',
    });
  });

  it('never shows -1 synced proxies, and -1 alone does not decide injection', () => {
    const result = sidecarStatus({
      namespace: 'bookinfo',
      workload: 'details-v1',
      kialiWorkload: { name: 'details-v1', istioSidecar: true },
      kialiStatus: status(-1),
    });
    expect(result).toEqual({
      injected: true,
      evidence: [
        'Kiali: istioSidecar=true',
        'Kiali: proxy sync not applicable (no sidecar proxy reports a status)',
      ],
    });
    expect(result.evidence.join(' ')).not.toContain('-1');
  });

  it('still gives the namespace label fix to a workload without an opt-out', () => {
    expect(
      sidecarStatus({
        namespace: 'legacy',
        workload: 'details-v1',
        kialiWorkload: { name: 'details-v1', istioSidecar: false },
        kialiStatus: status(-1),
      }).fix,
    ).toBe(
      'kubectl label namespace legacy istio-injection=enabled && kubectl rollout restart deployment/details-v1 -n legacy (better: add the label to the Namespace manifest in Git)',
    );
  });
});
