/*
 * The Jaeger client and the trace summaries, from the captured corpus in src/__fixtures__/jaeger
 * served through msw in the query APIs' envelopes.
 */
import { InputError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import v1Error from '../../__fixtures__/jaeger/model-json-fixture.json';
import v1Overlap from '../../__fixtures__/jaeger/traceWithTwoNonOverlappingChildren.json';
import v3Find from '../../__fixtures__/jaeger/apiv3-FindTraces.json';
import type { JaegerConfig } from '../../config';
import { JaegerClient } from './JaegerClient';
import { jaegerSearchUrl, jaegerTraceUrl } from './service';
import { tracesFromV1, tracesFromV3 } from './spans';
import { summarizeTraces } from './summarize';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW_MS = Date.parse('2026-11-27T12:00:00Z');
const v1Body = {
  data: [v1Error, v1Overlap],
  total: 0,
  limit: 0,
  offset: 0,
  errors: null,
};

function config(apiVersion: JaegerConfig['apiVersion']): JaegerConfig {
  return {
    url: 'https://jaeger.test',
    consoleUrl: 'https://jaeger.example.com',
    token: 'jaeger-secret',
    apiVersion,
    timeoutMs: 2000,
  };
}

const urls = {
  trace: (id: string) => jaegerTraceUrl('https://jaeger.example.com', id),
  search: jaegerSearchUrl('https://jaeger.example.com', 'checkout.shop'),
};

describe('trace summaries from the corpus', () => {
  it('summarizes v1 traces: extent, root, errors and the hotspot by self time', () => {
    const summaries = summarizeTraces(
      'checkout.shop',
      tracesFromV1(v1Body),
      urls,
    );
    const overlap = {
      traceId: '006c3cf93508f205',
      startedAt: '2023-03-21T22:28:57.490Z',
      // From the root's start to the end of the child that outlasts it.
      durationMs: 80.458,
      spanCount: 3,
      errorSpanCount: 0,
      rootOperation: 'service-one: send',
      hotspot: {
        service: 'service-two',
        operation: 'async task 2',
        selfTimeMs: 78.941,
      },
      url: 'https://jaeger.example.com/trace/006c3cf93508f205',
    };
    const withError = {
      traceId: 'abc0',
      startedAt: '1970-01-01T00:00:00.001Z',
      durationMs: 0.5,
      spanCount: 3,
      errorSpanCount: 1,
      rootOperation: 'service_1: root-span',
      // The root's self time is 0 (its CHILD_OF child covers it); span1 and span2 tie at 500 µs.
      hotspot: { service: 'service_2', operation: 'span1', selfTimeMs: 0.5 },
      url: 'https://jaeger.example.com/trace/abc0',
    };
    expect(summaries).toEqual({
      service: 'checkout.shop',
      lookback: '1h',
      slowest: [overlap, withError],
      failing: [withError],
      searchUrl: 'https://jaeger.example.com/search?service=checkout.shop',
    });
  });

  it('summarizes the v3 (OTLP JSON) answer: status code 2 is an error span', () => {
    expect(
      summarizeTraces('checkout.shop', tracesFromV3(v3Find), urls).failing,
    ).toEqual([
      {
        traceId: '000000000000009600000000000000a0',
        startedAt: '2339-03-21T22:18:14.838Z',
        durationMs: 0,
        spanCount: 1,
        errorSpanCount: 1,
        rootOperation: '(unknown service): foobar',
        hotspot: {
          service: '(unknown service)',
          operation: 'foobar',
          selfTimeMs: 0,
        },
        url: 'https://jaeger.example.com/trace/000000000000009600000000000000a0',
      },
    ]);
  });

  it('refuses answers that are not trace lists, naming the field', () => {
    expect(() => tracesFromV1({ data: [{ traceID: 1 }] })).toThrow(
      'data[0].traceID is not a string',
    );
    expect(() => tracesFromV3({ data: [] })).toThrow(
      'the answer has no "result" object',
    );
  });
});

describe('JaegerClient', () => {
  it('asks v1 for the last hour of the service with the token, and parses the answer', async () => {
    const seen: URL[] = [];
    server.use(
      http.get('https://jaeger.test/api/traces', ({ request }) => {
        expect(request.headers.get('authorization')).toBe(
          'Bearer jaeger-secret',
        );
        seen.push(new URL(request.url));
        return HttpResponse.json(v1Body);
      }),
    );
    const traces = await new JaegerClient(config('v1')).recentTraces(
      'checkout.shop',
      NOW_MS,
    );
    expect(traces.map(t => t.traceId)).toEqual(['abc0', '006c3cf93508f205']);
    expect(Object.fromEntries(seen[0].searchParams)).toEqual({
      service: 'checkout.shop',
      start: String((NOW_MS - 3600_000) * 1000),
      end: String(NOW_MS * 1000),
      limit: '100',
    });
  });

  it('asks v3 with its query parameters', async () => {
    const seen: URL[] = [];
    server.use(
      http.get('https://jaeger.test/api/v3/traces', ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json(v3Find);
      }),
    );
    const traces = await new JaegerClient(config('v3')).recentTraces(
      'checkout.shop',
      NOW_MS,
    );
    expect(traces).toHaveLength(1);
    expect(Object.fromEntries(seen[0].searchParams)).toEqual({
      'query.service_name': 'checkout.shop',
      'query.start_time_min': '2026-11-27T11:00:00.000Z',
      'query.start_time_max': '2026-11-27T12:00:00.000Z',
      'query.search_depth': '100',
    });
  });

  it('auto: falls back to v1 when v3 answers 404, and remembers it', async () => {
    let v3Calls = 0;
    let v1Calls = 0;
    server.use(
      http.get('https://jaeger.test/api/v3/traces', () => {
        v3Calls++;
        return new HttpResponse('404 page not found', { status: 404 });
      }),
      http.get('https://jaeger.test/api/traces', () => {
        v1Calls++;
        return HttpResponse.json(v1Body);
      }),
    );
    const client = new JaegerClient(config('auto'));
    await client.recentTraces('checkout.shop', NOW_MS);
    await client.recentTraces('checkout.shop', NOW_MS);
    expect({ v3Calls, v1Calls }).toEqual({ v3Calls: 1, v1Calls: 2 });
  });

  it("asks for one cluster by Istio's istio.cluster_id tag and keeps only that cluster's traces", async () => {
    // The corpus' v3 answer as a proxy in cluster-west sends it: Istio tags every span with its
    // cluster (istio/istio pilot/pkg/networking/core/tracing.go) and names the service.
    const west = structuredClone(v3Find) as any;
    west.result.resourceSpans[0].resource.attributes = [
      { key: 'service.name', value: { stringValue: 'checkout.shop' } },
    ];
    west.result.resourceSpans[0].scopeSpans[0].spans[0].attributes = [
      { key: 'istio.cluster_id', value: { stringValue: 'cluster-west' } },
    ];
    const seen: URLSearchParams[] = [];
    server.use(
      // Jaeger v2 before 2.19 ignores query.attributes: the answer is checked too.
      http.get('https://jaeger.test/api/v3/traces', ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return HttpResponse.json(west);
      }),
      http.get('https://jaeger.test/api/traces', ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return HttpResponse.json(v1Body);
      }),
    );
    const v3 = new JaegerClient(config('v3'));
    expect(
      await v3.recentTraces('checkout.shop', NOW_MS, 'cluster-east'),
    ).toEqual([]);
    expect(
      (await v3.recentTraces('checkout.shop', NOW_MS, 'cluster-west')).map(
        t => t.traceId,
      ),
    ).toEqual(['000000000000009600000000000000a0']);
    expect(seen.map(p => p.get('query.attributes'))).toEqual([
      '{"istio.cluster_id":"cluster-east"}',
      '{"istio.cluster_id":"cluster-west"}',
    ]);
    // v1: the corpus' traces carry no cluster tag, so none is kept for a cluster.
    expect(
      await new JaegerClient(config('v1')).recentTraces(
        'service-one',
        NOW_MS,
        'cluster-east',
      ),
    ).toEqual([]);
    expect(seen[2].get('tags')).toBe('{"istio.cluster_id":"cluster-east"}');
    expect(
      jaegerSearchUrl('https://jaeger.example.com', 'checkout.shop', 'east'),
    ).toBe(
      'https://jaeger.example.com/search?service=checkout.shop&tags=%7B%22istio.cluster_id%22%3A%22east%22%7D',
    );
  });

  it.each([
    'checkout&service=other',
    'checkout shop',
    '../api/services',
    'a"b',
    '',
  ])('refuses the hostile service name %j before any request', async name => {
    // onUnhandledRequest: 'error' fails the test if anything is sent.
    await expect(
      new JaegerClient(config('v1')).recentTraces(name, NOW_MS),
    ).rejects.toThrow(InputError);
  });
});
