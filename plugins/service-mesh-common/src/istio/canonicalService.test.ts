import { canonicalServiceName } from './canonicalService';

describe('canonicalServiceName', () => {
  it("reads Istio's labels in order, else the workload name", () => {
    expect(
      canonicalServiceName({ app: 'details', version: 'v1' }, 'details-v1'),
    ).toBe('details');
    expect(
      canonicalServiceName(
        { app: 'details', 'app.kubernetes.io/name': 'details-api' },
        'details-v1',
      ),
    ).toBe('details-api');
    expect(
      canonicalServiceName(
        {
          app: 'details',
          'app.kubernetes.io/name': 'details-api',
          'service.istio.io/canonical-name': 'bookinfo-details',
        },
        'details-v1',
      ),
    ).toBe('bookinfo-details');
    expect(canonicalServiceName({ version: 'v1' }, 'details-v1')).toBe(
      'details-v1',
    );
    expect(canonicalServiceName(undefined, 'details-v1')).toBe('details-v1');
  });
});
