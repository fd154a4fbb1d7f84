import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamError } from '../upstream';
import { PrometheusClient } from './PrometheusClient';

type Handler = (req: IncomingMessage) => {
  status?: number;
  body?: string;
  hang?: boolean;
};

/** A loopback HTTP server whose answer each test sets. */
let handler: Handler;
let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const answer = handler(req);
    if (answer.hang) return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.end(answer.body ?? '');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

const TOKEN = 'prom-token-123';
const client = (timeoutMs = 2000, url = baseUrl) =>
  new PrometheusClient({ baseUrl: url, token: TOKEN, timeoutMs });

const vector = (result: unknown) =>
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    e => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect(error.source).toBe('prometheus');
  expect(error.message).not.toContain(TOKEN);
  return error as UpstreamError;
}

describe('PrometheusClient', () => {
  it('sends the query with its time and the bearer token, and parses the vector', async () => {
    handler = () => ({
      body: vector([
        {
          metric: { destination_workload: 'cart' },
          value: [1700000000, '12.5'],
        },
        { metric: { destination_workload: 'nan' }, value: [1700000000, 'NaN'] },
        {
          metric: { destination_workload: 'inf' },
          value: [1700000000, '+Inf'],
        },
        {
          metric: { destination_workload: 'neg' },
          value: [1700000000, '-Inf'],
        },
      ]),
    });
    const c = client();
    await expect(c.query('sum(up)', 1700000000)).resolves.toEqual([
      { metric: { destination_workload: 'cart' }, value: 12.5 },
      { metric: { destination_workload: 'nan' }, value: null },
      { metric: { destination_workload: 'inf' }, value: null },
      { metric: { destination_workload: 'neg' }, value: null },
    ]);
    const url = new URL(seen[0].url!, baseUrl);
    expect(url.pathname).toBe('/api/v1/query');
    expect(url.searchParams.get('query')).toBe('sum(up)');
    expect(url.searchParams.get('time')).toBe('1700000000');
    expect(seen[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(c.requestCount).toBe(1);
  });

  it('turns a scalar into one unlabelled sample', async () => {
    handler = () => ({
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'scalar', result: [1, '3'] },
      }),
    });
    await expect(client().query('3', 1)).resolves.toEqual([
      { metric: {}, value: 3 },
    ]);
  });

  it('parses a range query matrix with its step parameters', async () => {
    handler = () => ({
      body: JSON.stringify({
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: {},
              values: [
                [60, '1'],
                [120, 'NaN'],
              ],
            },
          ],
        },
      }),
    });
    await expect(client().queryRange('up', 60, 120, 60)).resolves.toEqual([
      {
        metric: {},
        values: [
          [60, 1],
          [120, null],
        ],
      },
    ]);
    const url = new URL(seen[0].url!, baseUrl);
    expect(url.pathname).toBe('/api/v1/query_range');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      query: 'up',
      start: '60',
      end: '120',
      step: '60',
    });
  });

  it('maps connection refused to unreachable', async () => {
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const error = await failure(
      client(2000, `http://127.0.0.1:${port}`).query('up', 1),
    );
    expect(error.state).toBe('unreachable');
    expect(error.message).toMatch(/connection refused/);
  });

  it('maps a hang past the timeout to timeout', async () => {
    handler = () => ({ hang: true });
    const started = Date.now();
    const error = await failure(client(200).query('up', 1));
    expect(error.state).toBe('timeout');
    expect(error.message).toMatch(/no answer within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("maps Prometheus' error JSON to bad-answer with Prometheus' reason", async () => {
    handler = () => ({
      status: 400,
      body: JSON.stringify({
        status: 'error',
        errorType: 'bad_data',
        error: '1:5: parse error: unexpected end of input',
      }),
    });
    const error = await failure(client().query('sum(', 1));
    expect(error.state).toBe('bad-answer');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/parse error: unexpected end of input/);
  });

  it('treats status "error" inside a 200 answer as bad-answer too', async () => {
    handler = () => ({
      body: JSON.stringify({
        status: 'error',
        errorType: 'execution',
        error: 'query timed out',
      }),
    });
    const error = await failure(client().query('up', 1));
    expect(error.state).toBe('bad-answer');
    expect(error.message).toMatch(/execution: query timed out/);
  });

  it('masks the token when a 200 answer with status "error" echoes it', async () => {
    handler = () => ({
      body: JSON.stringify({
        status: 'error',
        errorType: 'bad_data',
        error: `proxy saw Authorization: Bearer ${TOKEN}\nand refused it`,
      }),
    });
    const error = await failure(client().query('up', 1));
    expect(error.state).toBe('bad-answer');
    expect(error.message).toBe(
      'Prometheus gave an answer Meshport could not use: bad_data: proxy saw Authorization: Bearer *** and refused it',
    );
  });

  it.each([
    ['a body that is not JSON', 'not json {', /not JSON/],
    ['no status', JSON.stringify({ data: {} }), /no "status": "success"/],
    [
      'a matrix for an instant query',
      JSON.stringify({
        status: 'success',
        data: { resultType: 'matrix', result: [] },
      }),
      /expected a vector, got matrix/,
    ],
    [
      'a value that is not a number',
      vector([{ metric: {}, value: [1, 'twelve'] }]),
      /result\[0\]\.value has the value "twelve"/,
    ],
    [
      'a value that is not a pair',
      vector([{ metric: {}, value: 12 }]),
      /result\[0\]\.value is not a \[time, "value"\] pair/,
    ],
    [
      'labels that are not strings',
      vector([{ metric: { a: 1 }, value: [1, '1'] }]),
      /non-string label/,
    ],
  ])('maps %s to bad-answer', async (_what, body, message) => {
    handler = () => ({ body });
    const error = await failure(client().query('up', 1));
    expect(error.state).toBe('bad-answer');
    expect(error.message).toMatch(message);
  });

  it('maps 401 to unauthorized without echoing the token', async () => {
    handler = () => ({
      status: 401,
      body: JSON.stringify({ error: `bad token ${TOKEN}` }),
    });
    const error = await failure(client().query('up', 1));
    expect(error.state).toBe('unauthorized');
  });

  it('reads the version from buildinfo and refuses an answer without one', async () => {
    handler = req => ({
      body: JSON.stringify({
        status: 'success',
        data: req.url?.endsWith('/api/v1/status/buildinfo')
          ? { version: '2.42.0' }
          : {},
      }),
    });
    await expect(client().version()).resolves.toBe('2.42.0');
    handler = () => ({ body: JSON.stringify({ status: 'success', data: {} }) });
    const error = await failure(client().version());
    expect(error.message).toMatch(/buildinfo has no version/);
  });

  it('counts every request, failed ones included', async () => {
    handler = () => ({ status: 503, body: 'overloaded' });
    const c = client();
    await failure(c.query('up', 1));
    await failure(c.queryRange('up', 1, 2, 1));
    expect(c.requestCount).toBe(2);
  });
});
