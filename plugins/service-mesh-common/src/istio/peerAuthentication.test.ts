import type { KubeObject } from '../analyzer/types';
import {
  effectivePeerAuthentication,
  peerAuthenticationMode,
} from './peerAuthentication';

const policy = (
  name: string,
  namespace: string | undefined,
  mode: string | undefined,
  matchLabels?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: {
    ...(matchLabels ? { selector: { matchLabels } } : {}),
    ...(mode ? { mtls: { mode } } : {}),
  },
});

const mesh = policy('default', 'istio-system', 'STRICT');
const shop = policy('shop', 'shop', 'PERMISSIVE');
const checkout = policy('checkout', 'shop', 'DISABLE', { app: 'checkout' });
const pods = { namespace: 'shop', labels: { app: 'checkout', version: 'v1' } };
const names = (objects: KubeObject[]) => objects.map(o => o.metadata.name);

describe('effectivePeerAuthentication', () => {
  it('takes the workload policy over the namespace and mesh-wide ones', () => {
    const result = effectivePeerAuthentication(
      [mesh, shop, checkout],
      pods,
      'default',
    );
    expect(result.mode).toBe('DISABLE');
    expect(names(result.policies)).toEqual(['checkout']);
  });

  it('takes the namespace policy when no selector matches the pods', () => {
    const result = effectivePeerAuthentication(
      [mesh, shop, checkout],
      { namespace: 'shop', labels: { app: 'payments' } },
      'default',
    );
    expect(result.mode).toBe('PERMISSIVE');
    expect(names(result.policies)).toEqual(['shop']);
  });

  it('lets an UNSET policy inherit the next level, listing every policy read', () => {
    const unsetWorkload = policy('checkout', 'shop', 'UNSET', {
      app: 'checkout',
    });
    const unsetNamespace = policy('shop', 'shop', undefined);
    const result = effectivePeerAuthentication(
      [unsetWorkload, unsetNamespace, mesh],
      pods,
      'default',
    );
    expect(result).toEqual({
      mode: 'STRICT',
      policies: [unsetWorkload, unsetNamespace, mesh],
    });
  });

  it('is UNSET without a policy that sets a mode', () => {
    expect(effectivePeerAuthentication([], pods, 'default')).toEqual({
      mode: 'UNSET',
      policies: [],
    });
  });

  it('reads an empty matchLabels as namespace-wide, as Istio does', () => {
    const emptySelector = policy('all', 'shop', 'STRICT', {});
    expect(
      effectivePeerAuthentication([emptySelector], pods, 'default').mode,
    ).toBe('STRICT');
    expect(
      effectivePeerAuthentication(
        [emptySelector],
        { namespace: 'shop', labels: {} },
        'default',
      ).mode,
    ).toBe('STRICT');
  });

  it('takes the first policy of a level, even when it is UNSET', () => {
    const result = effectivePeerAuthentication(
      [policy('a', 'shop', 'UNSET'), policy('b', 'shop', 'DISABLE'), mesh],
      pods,
      'default',
    );
    expect(result.mode).toBe('STRICT');
    expect(names(result.policies)).toEqual(['a', 'default']);
  });

  it('places policies without a namespace in the default namespace given', () => {
    const unnamespaced = policy('shop', undefined, 'DISABLE');
    expect(
      effectivePeerAuthentication([unnamespaced, mesh], pods, 'shop').mode,
    ).toBe('DISABLE');
    expect(
      effectivePeerAuthentication([unnamespaced, mesh], pods, 'default').mode,
    ).toBe('STRICT');
  });

  it('ignores selector policies in the root namespace and policies of other namespaces', () => {
    const rootSelector = policy('root-checkout', 'istio-system', 'DISABLE', {
      app: 'checkout',
    });
    const elsewhere = policy('other', 'payments', 'DISABLE');
    expect(
      effectivePeerAuthentication(
        [rootSelector, elsewhere, mesh],
        pods,
        'default',
      ),
    ).toEqual({ mode: 'STRICT', policies: [mesh] });
    expect(
      effectivePeerAuthentication(
        [rootSelector, mesh],
        { namespace: 'istio-system', labels: { app: 'checkout' } },
        'default',
      ),
    ).toEqual({ mode: 'STRICT', policies: [mesh] });
  });

  it('honours another root namespace', () => {
    const meshInOther = policy('default', 'mesh-root', 'DISABLE');
    expect(
      effectivePeerAuthentication(
        [mesh, meshInOther],
        pods,
        'default',
        'mesh-root',
      ).mode,
    ).toBe('DISABLE');
  });

  it('reads only security.istio.io PeerAuthentications', () => {
    const lookalike = { ...shop, apiVersion: 'example.com/v1' };
    expect(effectivePeerAuthentication([lookalike], pods, 'default').mode).toBe(
      'UNSET',
    );
  });
});

describe('peerAuthenticationMode', () => {
  it('reads the mode, and an unknown or missing one as UNSET', () => {
    expect(peerAuthenticationMode(shop)).toBe('PERMISSIVE');
    expect(peerAuthenticationMode(policy('x', 'shop', 'strict'))).toBe('UNSET');
    expect(peerAuthenticationMode(policy('x', 'shop', undefined))).toBe(
      'UNSET',
    );
  });
});
