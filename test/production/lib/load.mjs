// Load runs against the service-mesh routes, and the paths they use. A closed-loop generator: each
// client sends its next request when the previous one is answered. Unlike autocannon, which drops the
// requests still in flight when its time is up, every request sent is awaited and counted, so a request
// slower than the run (an upstream hanging until its timeout) is measured, not lost.
import http from 'node:http';

/** Path of an entity's mesh status. */
export const statusPath = name =>
  `/api/service-mesh/entities/component/default/${name}/status`;

/** Path of the mesh overview. */
export const OVERVIEW_PATH = '/api/service-mesh/overview';

function get(agent, url, token, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      {
        agent,
        headers: { authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', reject);
  });
}

const percentile = (sorted, q) =>
  sorted.length
    ? Math.round(
        sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)],
      )
    : 0;

/**
 * Runs `connections` clients for `seconds` against `baseUrl`, cycling through `paths` (GET with the
 * bearer `token`), then waits for the requests in flight. Returns requests answered, 2xx, non-2xx,
 * connection errors and timeouts (`timeoutSec`), latency percentiles in ms, the run's duration including
 * the requests in flight at its end (`elapsedMs`), and the status codes and error codes seen.
 */
export async function loadRun({
  baseUrl,
  paths,
  token,
  connections,
  seconds,
  timeoutSec = 30,
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const started = Date.now();
  const until = started + seconds * 1000;
  const latencies = [];
  const codes = {};
  const errorCodes = {};
  let timeouts = 0;
  let errors = 0;
  const client = async offset => {
    for (let i = offset; Date.now() < until; i++) {
      const started = performance.now();
      try {
        const status = await get(
          agent,
          `${baseUrl}${paths[i % paths.length]}`,
          token,
          timeoutSec * 1000,
        );
        latencies.push(performance.now() - started);
        codes[status] = (codes[status] ?? 0) + 1;
      } catch (error) {
        if (error.code === 'TIMEOUT') timeouts++;
        else errors++;
        errorCodes[error.code ?? error.message] =
          (errorCodes[error.code ?? error.message] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => client(i)));
  // Until the last request in flight was answered: the time the requests took to be served.
  const elapsedMs = Date.now() - started;
  agent.destroy();
  latencies.sort((x, y) => x - y);
  const ok = Object.entries(codes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: latencies.length,
    ok,
    non2xx: latencies.length - ok,
    errors,
    timeouts,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: Math.round(latencies.at(-1) ?? 0),
    elapsedMs,
    codes,
    errorCodes,
  };
}
