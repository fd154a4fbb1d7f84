import { serviceMeshPlugin } from './plugin';

describe('serviceMeshPlugin', () => {
  it('registers under the service-mesh id with its entity route', () => {
    expect(serviceMeshPlugin.getId()).toBe('service-mesh');
    expect(Object.keys(serviceMeshPlugin.routes)).toEqual(['entityContent']);
  });
});
