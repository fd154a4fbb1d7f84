import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fetchUpstream, safeUrl } from './fetchUpstream';
import { failedSource, UpstreamError } from './UpstreamError';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const options = {
  source: 'kiali' as const,
  timeoutMs: 500,
  token: 'secret-Tk1',
};

describe('fetchUpstream', () => {
  it('sends the bearer token and a JSON body, and parses the answer', async () => {
    server.use(
      http.post('https://up.test/x', async ({ request }) =>
        HttpResponse.json({
          auth: request.headers.get('authorization'),
          type: request.headers.get('content-type'),
          body: await request.json(),
        }),
      ),
    );
    await expect(
      fetchUpstream('https://up.test/x', {
        ...options,
        method: 'POST',
        body: { a: 1 },
      }),
    ).resolves.toEqual({
      auth: 'Bearer secret-Tk1',
      type: 'application/json',
      body: { a: 1 },
    });
  });

  it('maps 403 to unauthorized and a redirect to a bad answer that names the likely cause', async () => {
    server.use(
      http.get(
        'https://up.test/forbidden',
        () => new HttpResponse(null, { status: 403 }),
      ),
      http.get(
        'https://up.test/sso',
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: 'https://sso.test/login' },
          }),
      ),
    );
    await expect(
      fetchUpstream('https://up.test/forbidden', options),
    ).rejects.toMatchObject({
      state: 'unauthorized',
      status: 403,
    });
    await expect(
      fetchUpstream('https://up.test/sso?token=secret-Tk1', options),
    ).rejects.toMatchObject({
      state: 'bad-answer',
      message:
        'Kiali redirected (HTTP 302) instead of answering (GET https://up.test/sso); is a login proxy in front of it, or is the configured URL missing a path prefix?',
    });
  });

  it('counts the outer deadline as a timeout', async () => {
    server.use(http.get('https://up.test/slow', () => new Promise(() => {})));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await fetchUpstream<never>('https://up.test/slow', {
      ...options,
      signal: controller.signal,
    }).catch((e: UpstreamError) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.state).toBe('timeout');
    expect(error.message).toBe(
      'Kiali timed out: the request deadline passed before it answered (GET https://up.test/slow)',
    );
  });

  it('shows URLs without query or credentials', () => {
    expect(safeUrl('https://user:pw@up.test/a/b?token=x#f')).toBe(
      'https://up.test/a/b',
    );
    expect(safeUrl('not a url')).toBe('(invalid URL)');
  });
});

describe('failedSource', () => {
  it('keeps an UpstreamError and turns anything else into a bad answer', () => {
    expect(
      failedSource(
        'argocd',
        'prod',
        new UpstreamError({
          source: 'argocd',
          instance: 'prod',
          state: 'timeout',
          message: 'slow',
        }),
      ),
    ).toEqual({
      source: 'argocd',
      instance: 'prod',
      state: 'timeout',
      message: 'slow',
    });
    expect(failedSource('argocd', 'prod', new TypeError('no items'))).toEqual({
      source: 'argocd',
      instance: 'prod',
      state: 'bad-answer',
      message:
        'Argo CD instance "prod" gave an answer Meshport could not use: no items',
    });
  });
});
