import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { readServiceMeshConfig } from '../../config';
import { CANARY_ANALYSIS_DEFAULTS } from '../prometheus';
import { createCanaryAnalyzer } from './canaryAnalyzer';

const target = { namespace: 'shop', workload: 'checkout' };
const versions = { stable: 'v1', canary: 'v2', canaryWeight: 10 };

describe('createCanaryAnalyzer', () => {
  it('simulates a passing canary in the sandbox, its requests split by weight', async () => {
    const config = readServiceMeshConfig(
      new ConfigReader({ serviceMesh: { sandbox: true } }),
    );
    await expect(
      createCanaryAnalyzer(config).analyze(target, versions),
    ).resolves.toEqual({
      verdict: 'pass',
      summary:
        'canary v2: 1200 requests, 0.3% 5xx, p99 190 ms; stable v1: 10800 requests, 0.2% 5xx, p99 180 ms over 10m',
      stable: {
        version: 'v1',
        requests: 10800,
        errorRatio: 0.002,
        latencyP99Ms: 180,
      },
      canary: {
        version: 'v2',
        requests: 1200,
        errorRatio: 0.003,
        latencyP99Ms: 190,
      },
      thresholds: CANARY_ANALYSIS_DEFAULTS,
    });
  });

  it('says which key is missing without Prometheus', async () => {
    const config = readServiceMeshConfig(new ConfigReader({ serviceMesh: {} }));
    const analysis = createCanaryAnalyzer(config).analyze(target, versions);
    await expect(analysis).rejects.toThrow(ServiceUnavailableError);
    await expect(analysis).rejects.toThrow(
      'serviceMesh.prometheus is not configured: the canary analysis reads Istio metrics from it',
    );
  });
});
