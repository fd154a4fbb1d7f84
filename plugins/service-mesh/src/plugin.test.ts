import { serviceMeshPlugin } from './plugin';
import { serviceMeshApiRef } from './api';

describe('serviceMeshPlugin', () => {
  it('registers under the service-mesh id with its page and entity routes', () => {
    expect(serviceMeshPlugin.getId()).toBe('service-mesh');
    expect(Object.keys(serviceMeshPlugin.routes).sort()).toEqual([
      'entityContent',
      'root',
    ]);
  });

  it('provides the service-mesh API', () => {
    const apis = [...serviceMeshPlugin.getApis()];
    expect(apis.map(f => f.api.id)).toEqual([serviceMeshApiRef.id]);
    expect(serviceMeshApiRef.id).toBe('plugin.service-mesh.service');
  });
});
