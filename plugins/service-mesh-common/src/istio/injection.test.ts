import { namespaceInjection, podInjection, sidecarInjected } from './injection';

describe('namespaceInjection', () => {
  it('reads istio-injection first: only "enabled" turns injection on', () => {
    expect(namespaceInjection({ 'istio-injection': 'enabled' })).toEqual({
      enabled: true,
      key: 'istio-injection',
      value: 'enabled',
    });
    expect(
      namespaceInjection({
        'istio-injection': 'disabled',
        'istio.io/rev': 'canary',
      }),
    ).toEqual({ enabled: false, key: 'istio-injection', value: 'disabled' });
    expect(
      namespaceInjection({ 'istio-injection': 'yes', 'istio.io/rev': 'canary' })
        ?.enabled,
    ).toBe(false);
  });

  it('else a non-empty istio.io/rev, else no opinion', () => {
    expect(namespaceInjection({ 'istio.io/rev': '1-29' })).toEqual({
      enabled: true,
      key: 'istio.io/rev',
      value: '1-29',
    });
    expect(namespaceInjection({ 'istio.io/rev': '' })).toBeUndefined();
    expect(namespaceInjection({ team: 'shop' })).toBeUndefined();
    expect(namespaceInjection(undefined)).toBeUndefined();
  });
});

describe('podInjection', () => {
  it('prefers the label to the annotation', () => {
    expect(
      podInjection(
        { 'sidecar.istio.io/inject': 'true' },
        { 'sidecar.istio.io/inject': 'false' },
      ),
    ).toEqual({ enabled: true, key: 'sidecar.istio.io/inject', value: 'true' });
    expect(podInjection({}, { 'sidecar.istio.io/inject': 'false' })).toEqual({
      enabled: false,
      key: 'sidecar.istio.io/inject',
      value: 'false',
    });
  });

  it('reads the value as a YAML boolean; empty or absent says nothing', () => {
    const enabled = (value: unknown) =>
      podInjection({ 'sidecar.istio.io/inject': value as string })?.enabled;
    expect(['y', 'Yes', 'TRUE', 'on'].map(enabled)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['no', 'off', 'nope', false].map(enabled)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(podInjection({ 'sidecar.istio.io/inject': '' })).toBeUndefined();
    expect(podInjection()).toBeUndefined();
  });
});

describe('sidecarInjected', () => {
  const on = { enabled: true, key: 'k', value: 'v' };
  const off = { enabled: false, key: 'k', value: 'v' };

  it('follows Istio: off anywhere wins, then on anywhere, else unknown', () => {
    expect(sidecarInjected(on, off)).toBe(false);
    expect(sidecarInjected(off, on)).toBe(false);
    expect(sidecarInjected(on, undefined)).toBe(true);
    expect(sidecarInjected(undefined, on)).toBe(true);
    expect(sidecarInjected(on, on)).toBe(true);
    expect(sidecarInjected(undefined, undefined)).toBeUndefined();
  });
});
