import { fqdn, hostMatches, serviceOfHost } from './hosts';
import { portProtocol } from './protocols';
import { hasSelectorLabels, selectsLabels } from './selectors';

describe('hosts', () => {
  it('expands short hosts and .svc hosts, leaves others', () => {
    expect(fqdn('checkout', 'shop')).toBe('checkout.shop.svc.cluster.local');
    expect(fqdn('checkout.shop.svc', 'x')).toBe(
      'checkout.shop.svc.cluster.local',
    );
    expect(fqdn('checkout.shop', 'x')).toBe('checkout.shop');
    expect(fqdn('*.example.com', 'x')).toBe('*.example.com');
  });

  it('names the Service of a host', () => {
    expect(serviceOfHost('checkout', 'shop')).toEqual({
      name: 'checkout',
      namespace: 'shop',
    });
    expect(serviceOfHost('checkout.billing.svc.cluster.local', 'shop')).toEqual(
      {
        name: 'checkout',
        namespace: 'billing',
      },
    );
  });

  it('matches Gateway hosts, with wildcards and namespace scopes', () => {
    expect(hostMatches('*', 'a.example.com')).toBe(true);
    expect(hostMatches('shop/*.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'a.example.org')).toBe(false);
    expect(hostMatches('a.example.com', 'a.example.com')).toBe(true);
    expect(hostMatches('a.example.com', 'b.example.com')).toBe(false);
  });
});

describe('portProtocol', () => {
  it('takes appProtocol, else the name prefix, else nothing', () => {
    expect(portProtocol({ name: 'web', appProtocol: 'http' })).toBe('http');
    expect(portProtocol({ name: 'grpc-web-ui' })).toBe('grpc-web');
    expect(portProtocol({ name: 'grpc-api' })).toBe('grpc');
    expect(portProtocol({ name: 'http2' })).toBe('http2');
    expect(portProtocol({ name: 'https-admin' })).toBe('https');
    expect(portProtocol({ name: 'httpx' })).toBeUndefined();
    expect(portProtocol({ name: 'web' })).toBeUndefined();
    expect(portProtocol({})).toBeUndefined();
  });
});

describe('selectsLabels', () => {
  it('needs every selector label on the pod, and at least one label', () => {
    const pod = { app: 'checkout', version: 'v1' };
    expect(selectsLabels({ app: 'checkout' }, pod)).toBe(true);
    expect(selectsLabels({ app: 'checkout', version: 'v2' }, pod)).toBe(false);
    expect(selectsLabels({}, pod)).toBe(false);
    expect(selectsLabels(undefined, pod)).toBe(false);
    expect(hasSelectorLabels({ app: 'x' })).toBe(true);
    expect(hasSelectorLabels({})).toBe(false);
    expect(hasSelectorLabels(null)).toBe(false);
  });
});
