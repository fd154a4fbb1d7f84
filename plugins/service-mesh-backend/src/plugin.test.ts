import { mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { serviceMeshPlugin } from './plugin';

describe('serviceMeshPlugin', () => {
  it('starts and serves its health route', async () => {
    const { server } = await startTestBackend({ features: [serviceMeshPlugin] });
    const ok = await request(server)
      .get('/api/service-mesh/health')
      .set('Authorization', mockCredentials.user.header());
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ok' });
  });
});
