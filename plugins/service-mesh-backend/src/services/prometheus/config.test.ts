import { ConfigReader } from '@backstage/config';
import { readPrometheusConfig } from './config';

const read = (prometheus: unknown) =>
  readPrometheusConfig(
    new ConfigReader({ serviceMesh: { prometheus } } as any),
  );

describe('readPrometheusConfig', () => {
  it('is undefined when Prometheus is not configured', () => {
    expect(readPrometheusConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readPrometheusConfig(new ConfigReader({ serviceMesh: {} })),
    ).toBeUndefined();
  });

  it('reads the base URL without its trailing slash, the token and the timeout', () => {
    expect(
      read({
        baseUrl: 'https://metrics.example.com/prometheus/',
        token: 's3cret',
        timeoutMs: 2500,
      }),
    ).toEqual({
      baseUrl: 'https://metrics.example.com/prometheus',
      token: 's3cret',
      timeoutMs: 2500,
    });
  });

  it('defaults the timeout to 5 s and leaves the token out when there is none', () => {
    expect(read({ baseUrl: 'http://prometheus:9090' })).toEqual({
      baseUrl: 'http://prometheus:9090',
      timeoutMs: 5000,
    });
  });

  it.each([
    [{}, /serviceMesh\.prometheus\.baseUrl/],
    [
      { baseUrl: '/prometheus' },
      /serviceMesh\.prometheus\.baseUrl: .*not an absolute URL/,
    ],
    [
      { baseUrl: 'ftp://prometheus' },
      /serviceMesh\.prometheus\.baseUrl: the URL must use http or https/,
    ],
    [
      { baseUrl: 'http://user:pw@prometheus' },
      /serviceMesh\.prometheus\.baseUrl: .*credentials/,
    ],
    [
      { baseUrl: 'http://prometheus?x=1' },
      /serviceMesh\.prometheus\.baseUrl: .*query/,
    ],
    [
      { baseUrl: 'http://prometheus', token: ' ' },
      /serviceMesh\.prometheus\.token: the token is empty/,
    ],
    [
      { baseUrl: 'http://prometheus', timeoutMs: 0 },
      /serviceMesh\.prometheus\.timeoutMs: .* got 0/,
    ],
    [
      { baseUrl: 'http://prometheus', timeoutMs: 1.5 },
      /serviceMesh\.prometheus\.timeoutMs: .* got 1\.5/,
    ],
    [
      { baseUrl: 'http://prometheus', timeoutMs: 600000 },
      /serviceMesh\.prometheus\.timeoutMs/,
    ],
  ])('rejects %j naming the config path', (prometheus, message) => {
    expect(() => read(prometheus)).toThrow(message);
  });
});
