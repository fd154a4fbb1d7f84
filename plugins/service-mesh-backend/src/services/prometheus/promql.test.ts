import { InputError } from '@backstage/errors';
import {
  anyOfRegex,
  checkKubernetesName,
  checkTarget,
  errorsQuery,
  latencyQuery,
  mutualTlsQuery,
  quoteLabelValue,
  selector,
  trafficQuery,
} from './promql';
import { cpuSaturationQuery, memorySaturationQuery } from './containerQueries';
import { rateWindowSec, SIGNAL_RANGES } from './ranges';

const shop = {
  kind: 'workload' as const,
  target: { namespace: 'shop', workload: 'cart.v2' },
};
const batch = { kind: 'namespaces' as const, namespaces: ['payments', 'shop'] };

const HOSTILE = [
  'cart"}',
  'cart",destination_workload=~".*',
  'cart=~.*',
  '{cart}',
  'cart\nsum(up)',
  "cart'",
  'Cart',
  'cart ',
  '',
  '-cart',
  'a'.repeat(254),
];

describe('checkKubernetesName', () => {
  it('accepts DNS-1123 labels and subdomains', () => {
    expect(checkKubernetesName('shop-1', 'namespace', 'dns1123-label')).toBe(
      'shop-1',
    );
    expect(
      checkKubernetesName('a'.repeat(63), 'namespace', 'dns1123-label'),
    ).toHaveLength(63);
    expect(
      checkKubernetesName('cart.v2', 'workload', 'dns1123-subdomain'),
    ).toBe('cart.v2');
  });

  it.each(HOSTILE)('rejects %j with an InputError naming the field', value => {
    expect(() =>
      checkKubernetesName(
        value,
        'annotation meshport.io/workload',
        'dns1123-subdomain',
      ),
    ).toThrow(InputError);
    expect(() =>
      checkKubernetesName(
        value,
        'annotation meshport.io/workload',
        'dns1123-subdomain',
      ),
    ).toThrow(
      /^Invalid annotation meshport\.io\/workload ".*": expected a DNS-1123 subdomain/s,
    );
  });

  it('rejects dots and 64-character names in namespaces', () => {
    expect(() =>
      checkKubernetesName('a.b', 'namespace', 'dns1123-label'),
    ).toThrow(/Invalid namespace "a\.b": expected a DNS-1123 label/);
    expect(() =>
      checkKubernetesName('a'.repeat(64), 'namespace', 'dns1123-label'),
    ).toThrow(/Invalid namespace/);
  });

  it('shortens very long values in the message and shows newlines escaped', () => {
    const error = (() => {
      try {
        checkKubernetesName(
          `x\n${'y'.repeat(5000)}`,
          'workload',
          'dns1123-subdomain',
        );
      } catch (e) {
        return e as Error;
      }
      throw new Error('did not throw');
    })();
    expect(error.message).toContain('"x\\nyyy');
    expect(error.message.length).toBeLessThan(300);
  });

  it('rejects non-strings', () => {
    expect(() => checkKubernetesName(42, 'namespace', 'dns1123-label')).toThrow(
      /Invalid namespace "42"/,
    );
  });
});

describe('checkTarget', () => {
  it('names the failing part of the target', () => {
    expect(() =>
      checkTarget({ namespace: 'shop', workload: 'x"}' }, 'targets[4]'),
    ).toThrow(/Invalid targets\[4\]\.workload "x\\"}"/);
    expect(() => checkTarget({ namespace: 'Shop', workload: 'cart' })).toThrow(
      /Invalid target\.namespace "Shop"/,
    );
  });
});

describe('escaping', () => {
  it('quotes label values as one PromQL string literal', () => {
    expect(quoteLabelValue('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(
      selector('up', [{ label: 'job', op: '=', value: 'x"} or vector(1) #' }]),
    ).toBe('up{job="x\\"} or vector(1) #"}');
  });

  it('escapes regular expression metacharacters', () => {
    expect(anyOfRegex(['a.b', 'c|d', 'e*'])).toBe('a\\.b|c\\|d|e\\*');
  });

  it('refuses label and metric names it did not expect', () => {
    expect(() =>
      selector('up', [{ label: 'a}b', op: '=', value: 'x' }]),
    ).toThrow(/Invalid label name/);
    expect(() => selector('up{', [])).toThrow(/Invalid metric name/);
  });
});

describe('queries', () => {
  it('builds the per-workload golden signal queries as Istio dashboards compute them', () => {
    const sel =
      'reporter="destination",destination_workload_namespace="shop",destination_workload="cart.v2"';
    expect(trafficQuery(shop, 300)).toBe(
      `sum (rate(istio_requests_total{${sel}}[5m]))`,
    );
    expect(errorsQuery(shop, 300)).toBe(
      `sum (rate(istio_requests_total{${sel},response_code=~"5.."}[5m]))`,
    );
    expect(mutualTlsQuery(shop, 300)).toBe(
      `sum (rate(istio_requests_total{${sel},connection_security_policy="mutual_tls"}[5m]))`,
    );
    expect(latencyQuery(0.99, shop, 300)).toBe(
      `histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[5m])))`,
    );
    const containers =
      'container!="",container!="POD",container!="istio-proxy",namespace="shop",pod=~"cart\\\\.v2-[a-z0-9]{1,10}-[a-z0-9]{5}"';
    const relabel =
      '"workload", "$1", "pod", "(.+)-[a-z0-9]{1,10}-[a-z0-9]{5}"';
    const cpuLimits =
      'kube_pod_container_resource_limits{container!="",container!="POD",container!="istio-proxy",resource="cpu",namespace="shop",pod=~"cart\\\\.v2-[a-z0-9]{1,10}-[a-z0-9]{5}"}';
    expect(cpuSaturationQuery(shop, 300)).toBe(
      `sum by (namespace, workload) (label_replace(rate(container_cpu_usage_seconds_total{${containers}}[5m]) and on (namespace, pod, container) ${cpuLimits}, ${relabel})) / ` +
        `sum by (namespace, workload) (label_replace(${cpuLimits}, ${relabel}))`,
    );
    expect(memorySaturationQuery(shop)).toBe(
      `sum by (namespace, workload) (label_replace(container_memory_working_set_bytes{${containers}} and on (namespace, pod, container) ${cpuLimits.replace('"cpu"', '"memory"')}, ${relabel})) / ` +
        `sum by (namespace, workload) (label_replace(${cpuLimits.replace('"cpu"', '"memory"')}, ${relabel}))`,
    );
  });

  it('batches by workload, filtered by a regex of the namespaces', () => {
    expect(trafficQuery(batch, 300)).toBe(
      'sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"payments|shop"}[5m]))',
    );
    expect(latencyQuery(0.5, batch, 300)).toBe(
      'histogram_quantile(0.5, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace=~"payments|shop"}[5m])))',
    );
    expect(cpuSaturationQuery(batch, 300)).toContain(
      'namespace=~"payments|shop"',
    );
    expect(cpuSaturationQuery(batch, 300)).not.toContain('pod=~');
  });

  it("splits one service's traffic by version for a canary analysis, in its cluster", () => {
    const versions = {
      kind: 'versions' as const,
      target: { namespace: 'shop', workload: 'cart', cluster: 'east' },
      clusterLabels: { istio: 'destination_cluster', container: 'cluster' },
    };
    const where =
      'reporter="destination",destination_workload_namespace="shop",destination_canonical_service="cart",destination_cluster="east"';
    expect(errorsQuery(versions, 600)).toBe(
      `sum by (destination_version) (rate(istio_requests_total{${where},response_code=~"5.."}[10m]))`,
    );
    expect(latencyQuery(0.99, versions, 600)).toBe(
      `histogram_quantile(0.99, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{${where}}[10m])))`,
    );
  });

  it('maps ranges to steps and widens the rate window to long steps', () => {
    expect(SIGNAL_RANGES).toEqual({
      '1h': { rangeSec: 3600, stepSec: 60 },
      '6h': { rangeSec: 21600, stepSec: 300 },
      '24h': { rangeSec: 86400, stepSec: 1200 },
      '7d': { rangeSec: 604800, stepSec: 7200 },
    });
    expect(rateWindowSec()).toBe(300);
    expect(rateWindowSec(60)).toBe(300);
    expect(rateWindowSec(1200)).toBe(1200);
    expect(trafficQuery(shop, 1200)).toContain('[20m]');
    expect(trafficQuery(shop, 90)).toContain('[90s]');
  });
});

describe('cluster matchers (multi-cluster)', () => {
  const labels = { istio: 'destination_cluster', container: 'cluster' };

  it('matches one workload in its cluster, and batches group by the cluster label', () => {
    const target = { namespace: 'shop', workload: 'checkout', cluster: 'east' };
    expect(
      trafficQuery({ kind: 'workload', target, clusterLabels: labels }, 300),
    ).toBe(
      'sum (rate(istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="checkout",destination_cluster="east"}[5m]))',
    );
    expect(
      trafficQuery(
        {
          kind: 'namespaces',
          namespaces: ['shop'],
          clusters: ['east', 'west.eu'],
          clusterLabels: labels,
        },
        300,
      ),
    ).toBe(
      'sum by (destination_workload_namespace, destination_workload, destination_cluster) (rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"shop",destination_cluster=~"east|west\\\\.eu"}[5m]))',
    );
    expect(
      memorySaturationQuery({
        kind: 'workload',
        target,
        clusterLabels: labels,
      }),
    ).toContain(
      'and on (namespace, pod, container, cluster) kube_pod_container_resource_limits{container!="",container!="POD",container!="istio-proxy",resource="memory",namespace="shop",pod=~"checkout-[a-z0-9]{1,10}-[a-z0-9]{5}",cluster="east"}',
    );
  });

  it('names no cluster without one (single cluster, as before)', () => {
    expect(
      trafficQuery(
        {
          kind: 'workload',
          target: { namespace: 'shop', workload: 'checkout' },
        },
        300,
      ),
    ).not.toContain('cluster');
  });

  it('refuses a cluster value that is not a cluster name, naming the field', () => {
    expect(() =>
      checkTarget(
        { namespace: 'shop', workload: 'checkout', cluster: 'east"}or{x="' },
        'targets[0]',
      ),
    ).toThrow(
      new InputError(
        'Invalid targets[0].cluster "east\\"}or{x=\\"": expected a cluster name (letters, digits, "-", "_", ".")',
      ),
    );
  });
});
