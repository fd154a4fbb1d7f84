import { createServer } from 'node:net';
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import type { SourceState } from '@meshport/plugin-service-mesh-common';

/** A loopback port with nothing listening: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** One way an upstream can fail, and the state and message Meshport must report for it. */
export interface Fault {
  name: string;
  state: SourceState;
  message: RegExp;
  /** Handler for every request to the upstream (none for "connection refused": the port is closed). */
  handler?: (urlPattern: string, token: string) => RequestHandler;
}

/** Every fault the clients must map: connection refused, hang past the timeout, 401, 404, 500, bad JSON. */
export const FAULTS: Fault[] = [
  {
    name: 'connection refused',
    state: 'unreachable',
    message: /unreachable: connection refused/,
  },
  {
    name: 'hang past the timeout',
    state: 'timeout',
    message: /timed out: no answer within 200 ms/,
    handler: url =>
      http.all(url, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
  },
  {
    name: '401',
    state: 'unauthorized',
    message: /refused the credentials: HTTP 401/,
    handler: url =>
      http.all(url, () =>
        HttpResponse.json({ message: 'invalid session' }, { status: 401 }),
      ),
  },
  {
    name: '404',
    state: 'not-found',
    message: /HTTP 404/,
    handler: url =>
      http.all(url, () =>
        HttpResponse.json({ message: 'not found' }, { status: 404 }),
      ),
  },
  {
    name: '500 that echoes the token',
    state: 'bad-answer',
    message: /answered HTTP 500: upstream broke for \*\*\*/,
    handler: (url, token) =>
      http.all(url, () =>
        HttpResponse.json(
          { message: `upstream broke for ${token}` },
          { status: 500 },
        ),
      ),
  },
  {
    name: 'malformed JSON',
    state: 'bad-answer',
    message: /not JSON/,
    handler: url =>
      http.all(
        url,
        () =>
          new HttpResponse('{"items": [', {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
      ),
  },
];
