import { ConfigReader } from '@backstage/config';
import { readServiceMeshConfig } from './config';
import { CANARY_ANALYSIS_DEFAULTS } from './services/prometheus';

const read = (serviceMesh: unknown, nodeEnv = 'development') =>
  readServiceMeshConfig(new ConfigReader({ serviceMesh } as any), nodeEnv);

const DEFAULT_RESILIENCE = {
  failureThreshold: 3,
  probeIntervalMs: 5000,
  slowMs: 1500,
  staleTtlSeconds: 3600,
};

describe('readServiceMeshConfig', () => {
  it('reads a full configuration with defaults filled in', () => {
    const config = read({
      argocd: {
        instances: [
          { name: 'prod', url: 'https://argocd.example.com/', token: 't1' },
          {
            name: 'staging',
            url: 'https://argocd-staging.example.com',
            token: 't2',
            timeoutMs: 2500,
          },
        ],
      },
      kiali: { url: 'https://kiali.example.com/kiali', token: 'k' },
      grafana: { url: 'https://grafana.example.com' },
      jaeger: { url: 'https://jaeger.example.com' },
      cacheTtlSeconds: 10,
      catalogViewTtlSeconds: 0,
    });
    expect(config).toEqual({
      sandbox: false,
      cacheTtlSeconds: 10,
      catalogViewTtlSeconds: 0,
      deadlineMs: 8000,
      argocd: [
        {
          name: 'prod',
          url: 'https://argocd.example.com',
          token: 't1',
          timeoutMs: 5000,
        },
        {
          name: 'staging',
          url: 'https://argocd-staging.example.com',
          token: 't2',
          timeoutMs: 2500,
        },
      ],
      kiali: {
        url: 'https://kiali.example.com/kiali',
        token: 'k',
        consoleUrl: 'https://kiali.example.com/kiali',
        timeoutMs: 5000,
      },
      grafana: {
        url: 'https://grafana.example.com',
        dashboards: { istioWorkload: 'UbsSZTDik', istioService: 'LJ_uJAvmk' },
      },
      jaeger: {
        url: 'https://jaeger.example.com',
        consoleUrl: 'https://jaeger.example.com',
        apiVersion: 'auto',
        timeoutMs: 5000,
      },
      resilience: DEFAULT_RESILIENCE,
      clusters: [],
      canaryAnalysis: CANARY_ANALYSIS_DEFAULTS,
    });
  });

  it('is empty but valid without a serviceMesh block', () => {
    expect(readServiceMeshConfig(new ConfigReader({}), 'production')).toEqual({
      sandbox: false,
      cacheTtlSeconds: 30,
      catalogViewTtlSeconds: 30,
      deadlineMs: 8000,
      argocd: [],
      kiali: undefined,
      grafana: undefined,
      jaeger: undefined,
      resilience: DEFAULT_RESILIENCE,
      clusters: [],
      canaryAnalysis: CANARY_ANALYSIS_DEFAULTS,
    });
  });

  it('refuses the sandbox in production', () => {
    expect(() => read({ sandbox: true }, 'production')).toThrow(
      /serviceMesh\.sandbox.*NODE_ENV is production/,
    );
    expect(read({ sandbox: true }, 'development').sandbox).toBe(true);
  });

  it.each([
    [
      {
        argocd: {
          instances: [{ name: 'Prod!', url: 'https://a', token: 't' }],
        },
      },
      'serviceMesh.argocd.instances[0].name',
    ],
    [
      {
        argocd: {
          instances: [
            { name: 'a', url: 'https://a', token: 't' },
            { name: 'a', url: 'https://b', token: 't' },
          ],
        },
      },
      'serviceMesh.argocd.instances[1].name',
    ],
    [
      { argocd: { instances: [{ name: 'a', url: 'ftp://a', token: 't' }] } },
      'serviceMesh.argocd.instances[0].url',
    ],
    [
      { argocd: { instances: [{ name: 'a', url: 'not a url', token: 't' }] } },
      'serviceMesh.argocd.instances[0].url',
    ],
    [
      {
        argocd: {
          instances: [{ name: 'a', url: 'https://u:p@a', token: 't' }],
        },
      },
      'serviceMesh.argocd.instances[0].url',
    ],
    [
      { argocd: { instances: [{ name: 'a', url: 'https://a', token: ' ' }] } },
      'serviceMesh.argocd.instances[0].token',
    ],
    [
      {
        argocd: {
          instances: [
            { name: 'a', url: 'https://a', token: 't', timeoutMs: -1 },
          ],
        },
      },
      'serviceMesh.argocd.instances[0].timeoutMs',
    ],
    [{ kiali: { url: 'kiali' } }, 'serviceMesh.kiali.url'],
    [
      { kiali: { url: 'https://k', consoleUrl: 'x' } },
      'serviceMesh.kiali.consoleUrl',
    ],
    [{ deadlineMs: 0 }, 'serviceMesh.deadlineMs'],
    [{ cacheTtlSeconds: 1.5 }, 'serviceMesh.cacheTtlSeconds'],
    [{ cacheTtlSeconds: 0 }, 'serviceMesh.cacheTtlSeconds'],
    [{ catalogViewTtlSeconds: -1 }, 'serviceMesh.catalogViewTtlSeconds'],
    [{ catalogViewTtlSeconds: 301 }, 'serviceMesh.catalogViewTtlSeconds'],
    [{ grafana: { url: 'grafana.local' } }, 'serviceMesh.grafana.url'],
    [{ jaeger: { url: '' } }, 'serviceMesh.jaeger.url'],
    [
      { jaeger: { url: 'https://j', apiVersion: 'v2' } },
      'serviceMesh.jaeger.apiVersion',
    ],
    [{ jaeger: { url: 'https://j', token: ' ' } }, 'serviceMesh.jaeger.token'],
    [
      { jaeger: { url: 'https://j', consoleUrl: 'jaeger' } },
      'serviceMesh.jaeger.consoleUrl',
    ],
  ])('rejects %j naming %s', (serviceMesh, path) => {
    expect(() => read(serviceMesh)).toThrow(path);
  });

  it('reads Jaeger with its token, API version and UI URL', () => {
    expect(
      read({
        jaeger: {
          url: 'http://jaeger-query.observability:16686/',
          consoleUrl: 'https://jaeger.example.com',
          token: 'j',
          apiVersion: 'v3',
          timeoutMs: 3000,
        },
      }).jaeger,
    ).toEqual({
      url: 'http://jaeger-query.observability:16686',
      consoleUrl: 'https://jaeger.example.com',
      token: 'j',
      apiVersion: 'v3',
      timeoutMs: 3000,
    });
  });

  it('rejects a missing token naming its key', () => {
    expect(() =>
      read({ argocd: { instances: [{ name: 'a', url: 'https://a' }] } }),
    ).toThrow('serviceMesh.argocd.instances[0].token');
  });
});

const readPrometheus = (prometheus: unknown) =>
  readServiceMeshConfig(
    new ConfigReader({ serviceMesh: { prometheus } } as any),
    'development',
  ).prometheus;

describe('readServiceMeshConfig: manifests', () => {
  const allowList = (allowedUrls: string[]) =>
    readServiceMeshConfig(
      new ConfigReader({ serviceMesh: { manifests: { allowedUrls } } }),
    ).manifests;

  it('reads the allow-listed URL prefixes without trailing slashes', () => {
    expect(
      allowList([
        'https://github.com/acme/platform-manifests/',
        'https://gitlab.acme.test/infra',
      ]),
    ).toEqual({
      allowedUrls: [
        'https://github.com/acme/platform-manifests',
        'https://gitlab.acme.test/infra',
      ],
    });
  });

  it('rejects an entry that is not an http(s) URL, naming it', () => {
    expect(() =>
      allowList(['https://github.com/acme/x', 'github.com/acme']),
    ).toThrow(
      'Invalid config at serviceMesh.manifests.allowedUrls[1]: "github.com/acme" is not an absolute URL',
    );
  });
});

describe('readServiceMeshConfig: prometheus', () => {
  it('is undefined when Prometheus is not configured', () => {
    expect(
      readServiceMeshConfig(new ConfigReader({})).prometheus,
    ).toBeUndefined();
    expect(
      readServiceMeshConfig(new ConfigReader({ serviceMesh: {} })).prometheus,
    ).toBeUndefined();
  });

  it('reads the base URL without its trailing slash, the token and the timeout', () => {
    expect(
      readPrometheus({
        baseUrl: 'https://metrics.example.com/prometheus/',
        token: 's3cret',
        timeoutMs: 2500,
      }),
    ).toEqual({
      baseUrl: 'https://metrics.example.com/prometheus',
      token: 's3cret',
      timeoutMs: 2500,
      clusterLabel: 'destination_cluster',
      sourceClusterLabel: 'source_cluster',
      containerClusterLabel: 'cluster',
      recordingRules: false,
    });
  });

  it('reads recordingRules, off by default', () => {
    expect(
      readPrometheus({ baseUrl: 'http://prometheus', recordingRules: true })
        ?.recordingRules,
    ).toBe(true);
  });

  it('defaults the timeout to 5 s and leaves the token out when there is none', () => {
    expect(readPrometheus({ baseUrl: 'http://prometheus:9090' })).toEqual({
      baseUrl: 'http://prometheus:9090',
      timeoutMs: 5000,
      clusterLabel: 'destination_cluster',
      sourceClusterLabel: 'source_cluster',
      containerClusterLabel: 'cluster',
      recordingRules: false,
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
    [
      { baseUrl: 'http://prometheus', recordingRules: 'maybe' },
      /serviceMesh\.prometheus\.recordingRules/,
    ],
    [
      {
        baseUrl: 'http://prometheus',
        recordingRules: true,
        clusterLabel: 'cluster',
      },
      /serviceMesh\.prometheus\.recordingRules: the recording rules keep Istio's destination_cluster label, but prometheus\.clusterLabel is "cluster"/,
    ],
  ])('rejects %j naming the config path', (prometheus, message) => {
    expect(() => readPrometheus(prometheus)).toThrow(message);
  });
});

describe('readServiceMeshConfig: clusters', () => {
  it('maps Argo CD destinations to Kiali and Prometheus names, with configurable labels', () => {
    const config = read({
      prometheus: {
        baseUrl: 'http://prometheus:9090',
        clusterLabel: 'source_cluster',
        sourceClusterLabel: 'caller_cluster',
        containerClusterLabel: 'k8s_cluster',
      },
      clusters: [
        {
          argocd: { name: 'east' },
          kiali: 'cluster-east',
          prometheus: 'cluster-east',
        },
        {
          argocd: { server: 'https://west.example.com:6443' },
          kiali: 'Kubernetes',
        },
      ],
    });
    expect(config.clusters).toEqual([
      {
        argocd: { name: 'east' },
        kiali: 'cluster-east',
        prometheus: 'cluster-east',
      },
      {
        argocd: { server: 'https://west.example.com:6443' },
        kiali: 'Kubernetes',
      },
    ]);
    expect(config.prometheus?.clusterLabel).toBe('source_cluster');
    expect(config.prometheus?.sourceClusterLabel).toBe('caller_cluster');
    expect(config.prometheus?.containerClusterLabel).toBe('k8s_cluster');
  });

  it('is empty without serviceMesh.clusters (one cluster)', () => {
    expect(read({}).clusters).toEqual([]);
  });

  it.each([
    [
      [{ argocd: {}, kiali: 'east' }],
      'Invalid config at serviceMesh.clusters[0].argocd: set exactly one of name (spec.destination.name) or server (spec.destination.server)',
    ],
    [
      [{ argocd: { name: 'east', server: 'https://east' } }],
      'Invalid config at serviceMesh.clusters[0].argocd: set exactly one of name (spec.destination.name) or server (spec.destination.server)',
    ],
    [
      [{ argocd: { server: 'east.example.com' } }],
      'Invalid config at serviceMesh.clusters[0].argocd.server: "east.example.com" is not an http(s) URL as Argo CD\'s spec.destination.server holds it',
    ],
    [
      [
        { argocd: { name: 'east' } },
        { argocd: { name: 'west' }, kiali: 'a b' },
      ],
      'Invalid config at serviceMesh.clusters[1].kiali: "a b" is not a cluster name (letters, digits, "-", "_", ".", at most 253 characters)',
    ],
    [
      [{ argocd: { name: 'east' }, prometheus: 'east"}' }],
      'Invalid config at serviceMesh.clusters[0].prometheus: "east\"}" is not a cluster name (letters, digits, "-", "_", ".", at most 253 characters)',
    ],
    [
      [{ argocd: { name: 'east' } }, { argocd: { name: 'east' } }],
      'Invalid config at serviceMesh.clusters[1].argocd: the destination east is mapped twice',
    ],
  ])('rejects %j naming the key', (clusters, message) => {
    expect(() => read({ clusters })).toThrow(message);
  });

  it('rejects a cluster label that is not a Prometheus label name', () => {
    expect(() =>
      read({
        prometheus: { baseUrl: 'http://p:9090', clusterLabel: 'cluster="x"' },
      }),
    ).toThrow(
      'Invalid config at serviceMesh.prometheus.clusterLabel: "cluster="x"" is not a Prometheus label name',
    );
    expect(() =>
      read({
        prometheus: { baseUrl: 'http://p:9090', sourceClusterLabel: 'a-b' },
      }),
    ).toThrow(
      'Invalid config at serviceMesh.prometheus.sourceClusterLabel: "a-b" is not a Prometheus label name',
    );
  });
});

describe('readServiceMeshConfig: access', () => {
  const ownerProjects = (map: unknown) =>
    read({ access: { ownerProjects: map } }).access;

  it('reads owner refs as the catalog compares them, with their projects', () => {
    expect(
      ownerProjects({
        'group:default/Team-A': ['shop', 'shop-staging'],
        'group:payments': [],
      }),
    ).toEqual({
      ownerProjects: {
        'group:default/team-a': ['shop', 'shop-staging'],
        'group:default/payments': [],
      },
    });
    expect(read({}).access).toBeUndefined();
  });

  it('rejects an owner that is not an entity ref and a project that is not a name', () => {
    expect(() => ownerProjects({ 'team-a': ['shop'] })).toThrow(
      'Invalid config at serviceMesh.access.ownerProjects: "team-a" is not an entity ref such as group:default/team-a',
    );
    expect(() => ownerProjects({ 'group:default/team-a': ['Shop!'] })).toThrow(
      'Invalid config at serviceMesh.access.ownerProjects["group:default/team-a"]: expected a list of Argo CD project names',
    );
    expect(() => ownerProjects(['group:default/team-a'])).toThrow(
      'Invalid config at serviceMesh.access.ownerProjects: expected a map from owner entity ref to Argo CD project names',
    );
  });

  it('reads serviceMesh.resilience and names a bad value', () => {
    expect(
      read({
        resilience: {
          failureThreshold: 5,
          probeIntervalMs: 10_000,
          slowMs: 2500,
          staleTtlSeconds: 600,
        },
      }).resilience,
    ).toEqual({
      failureThreshold: 5,
      probeIntervalMs: 10_000,
      slowMs: 2500,
      staleTtlSeconds: 600,
    });
    expect(read({ resilience: { slowMs: 900 } }).resilience).toEqual({
      ...DEFAULT_RESILIENCE,
      slowMs: 900,
    });
    expect(() => read({ resilience: { slowMs: 0 } })).toThrow(
      'Invalid config at serviceMesh.resilience.slowMs: expected a whole number between 1 and 120000, got 0',
    );
    expect(
      read({ sandbox: true, sandboxFaultsFile: 'faults.json' })
        .sandboxFaultsFile,
    ).toBe('faults.json');
    expect(read({ sandboxFaultsFile: 'faults.json' }).sandboxFaultsFile).toBe(
      undefined,
    );
    expect(() => read({ resilience: { failureThreshold: 1.5 } })).toThrow(
      'Invalid config at serviceMesh.resilience.failureThreshold: expected a whole number between 1 and 100, got 1.5',
    );
  });
});

describe('readServiceMeshConfig: canary.analysis', () => {
  it('defaults to a 10 minute window, 100 requests, +1 point of 5xx and 1.5 × p99', () => {
    expect(CANARY_ANALYSIS_DEFAULTS).toEqual({
      windowSeconds: 600,
      minRequests: 100,
      maxErrorRatioIncrease: 0.01,
      maxLatencyP99Ratio: 1.5,
    });
    expect(read({ canary: { analysis: {} } }).canaryAnalysis).toEqual(
      CANARY_ANALYSIS_DEFAULTS,
    );
  });

  it('reads every threshold', () => {
    expect(
      read({
        canary: {
          analysis: {
            windowSeconds: 300,
            minRequests: 50,
            maxErrorRatioIncrease: 0,
            maxLatencyP99Ratio: 1.2,
          },
        },
      }).canaryAnalysis,
    ).toEqual({
      windowSeconds: 300,
      minRequests: 50,
      maxErrorRatioIncrease: 0,
      maxLatencyP99Ratio: 1.2,
    });
  });

  it.each([
    [
      { windowSeconds: 0 },
      'Invalid config at serviceMesh.canary.analysis.windowSeconds: expected a whole number between 1 and 86400, got 0',
    ],
    [
      { minRequests: 2.5 },
      'Invalid config at serviceMesh.canary.analysis.minRequests: expected a whole number between 1 and 1000000000, got 2.5',
    ],
    [
      { maxErrorRatioIncrease: 5 },
      'Invalid config at serviceMesh.canary.analysis.maxErrorRatioIncrease: expected a number between 0 and 1, got 5',
    ],
    [
      { maxLatencyP99Ratio: 0.5 },
      'Invalid config at serviceMesh.canary.analysis.maxLatencyP99Ratio: expected a number between 1 and 100, got 0.5',
    ],
  ])('rejects %j naming the key', (analysis, message) => {
    expect(() => read({ canary: { analysis } })).toThrow(message);
  });

  it('rejects a threshold that is not a number, naming the key', () => {
    expect(() =>
      read({ canary: { analysis: { maxLatencyP99Ratio: 'fast' } } }),
    ).toThrow(/canary\.analysis\.maxLatencyP99Ratio/);
  });
});
