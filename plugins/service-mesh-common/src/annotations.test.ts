import {
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_MESH_WORKLOAD,
  isServiceMeshAvailable,
} from './annotations';

describe('isServiceMeshAvailable', () => {
  const entity = (annotations?: Record<string, string>) => ({
    metadata: { annotations },
  });

  it('is true for a Meshport workload or an Argo CD app annotation', () => {
    expect(isServiceMeshAvailable(entity({ [ANNOTATION_MESH_WORKLOAD]: 'checkout' }))).toBe(true);
    expect(
      isServiceMeshAvailable(
        entity({ [ANNOTATION_ARGOCD_APP_SELECTOR]: 'app.kubernetes.io/name=checkout' }),
      ),
    ).toBe(true);
    expect(isServiceMeshAvailable(entity({ 'argocd/app-name': 'checkout-prod' }))).toBe(true);
  });

  it('is false without them, or with blank values', () => {
    expect(isServiceMeshAvailable(entity())).toBe(false);
    expect(isServiceMeshAvailable(entity({ 'backstage.io/kubernetes-id': 'x' }))).toBe(false);
    expect(isServiceMeshAvailable(entity({ [ANNOTATION_MESH_WORKLOAD]: '  ' }))).toBe(false);
  });
});
