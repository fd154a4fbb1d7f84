import { loadModels } from '../generator/models';
import { strictProblems, strictValidator } from './strictSchemas';

const gateway = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'shop-gateway', labels: { 'any/label': 'x' } },
  spec: {
    gatewayClassName: 'istio',
    listeners: [
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRef: [{ name: 'shop-tls' }] },
      },
    ],
  },
};

describe('strict upstream-schema validation', () => {
  it("rejects a typo the models' .validate() lets through, naming its path", async () => {
    const { KubernetesGateway } = await loadModels();
    expect(() =>
      new KubernetesGateway(gateway as any).validate(),
    ).not.toThrow();
    expect(strictProblems(KubernetesGateway, gateway)).toEqual([
      'spec.listeners[0].tls.certificateRef: unknown field',
    ]);
  });

  it('rejects unknown fields at any depth of Istio and Argo CD objects', async () => {
    const validate = await strictValidator();
    expect(
      validate({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'g', namespace: 'shop' },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: ['shop.example.com'],
              tls: { mode: 'SIMPLE', credentialNam: 'shop-tls' },
            },
          ],
        },
        status: {},
        extra: true,
      } as any),
    ).toEqual([
      'extra: unknown field',
      'spec.servers[0].tls.credentialNam: unknown field',
    ]);
    expect(
      validate({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'p' },
        spec: { description: 'kept', descriptio: 'typo' },
      } as any),
    ).toEqual(['spec.descriptio: unknown field']);
  });

  it('keeps maps and preserve-unknown-fields objects open, and reports schema errors', async () => {
    const validate = await strictValidator();
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'a', annotations: { 'x/y': 'z' } },
      spec: {
        project: 'default',
        destination: { server: 'https://kubernetes.default.svc' },
        source: {
          repoURL: 'https://github.com/a/b.git',
          helm: { valuesObject: { anything: { at: ['any', 'depth'] } } },
        },
      },
    };
    expect(validate(application)).toEqual([]);
    expect(
      validate({
        ...application,
        spec: { ...application.spec, project: 7 },
      } as any),
    ).toEqual(['schema: data/spec/project must be string']);
    expect(validate({ apiVersion: 'v1', kind: 'Secret' } as any)).toEqual([
      'no schema for v1 Secret',
    ]);
  });
});
