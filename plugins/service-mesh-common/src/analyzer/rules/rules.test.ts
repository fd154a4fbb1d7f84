import type { KubeObject } from '../types';
import { checkNameLengths } from './names';
import { checkSidecarInjection } from './pods';

const namespace = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels },
});

describe('checkNameLengths', () => {
  it('reports a name of the wrong form through the Kubernetes name rules', () => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: '1checkout', namespace: 'shop' },
    };
    expect(checkNameLengths([service])).toEqual([
      {
        rule: 'name-too-long',
        severity: 'error',
        object: {
          apiVersion: 'v1',
          kind: 'Service',
          name: '1checkout',
          namespace: 'shop',
        },
        message:
          'The Service name "1checkout" is not a DNS-1035 label: lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit, at most 63 characters.',
        fix: 'Rename it to a name of that form.',
      },
    ]);
  });

  it('allows dotted names for other kinds, up to 253 characters', () => {
    const config = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
    });
    expect(checkNameLengths([config('checkout.v1')])).toEqual([]);
    expect(
      checkNameLengths([config('a'.repeat(254))]).map(f => f.message),
    ).toEqual([
      'The name is 254 characters long; a ConfigMap name may have at most 253.',
    ]);
  });

  it('reports bad label keys and values, including pod template labels', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', labels: { 'bad key': 'x' } },
      spec: { template: { metadata: { labels: { app: '-checkout' } } } },
    };
    expect(checkNameLengths([deployment]).map(f => f.message)).toEqual([
      "The label key \"bad key\" is not a label key: an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
      "Label app: \"-checkout\" is not a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
    ]);
  });
});

describe('checkSidecarInjection', () => {
  const verdict = (labels: Record<string, string>) =>
    checkSidecarInjection([namespace(labels)]).length;

  it('takes istio-injection over istio.io/rev, as the injectors do', () => {
    expect(verdict({ 'istio-injection': 'enabled' })).toBe(0);
    expect(verdict({ 'istio.io/rev': 'canary' })).toBe(0);
    expect(
      verdict({ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }),
    ).toBe(1);
    expect(verdict({ 'istio-injection': 'on', 'istio.io/rev': 'canary' })).toBe(
      1,
    );
    expect(verdict({})).toBe(1);
  });

  it('names the pod setting that opts out, label before annotation', () => {
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: {
        template: {
          metadata: {
            labels: { 'sidecar.istio.io/inject': 'no' },
            annotations: { 'sidecar.istio.io/inject': 'true' },
          },
        },
      },
    };
    expect(
      checkSidecarInjection([
        namespace({ 'istio-injection': 'enabled' }),
        deployment,
      ]).map(f => [f.object.name, f.message]),
    ).toEqual([
      [
        'checkout',
        'The pod template opts out of sidecar injection (sidecar.istio.io/inject: "no").',
      ],
    ]);
  });
});
