// Load runs with autocannon against the service-mesh routes, and the paths they use.
import autocannon from 'autocannon';

/** Path of an entity's mesh status. */
export const statusPath = name =>
  `/api/service-mesh/entities/component/default/${name}/status`;

/** Path of the mesh overview. */
export const OVERVIEW_PATH = '/api/service-mesh/overview';

/**
 * Runs `connections` clients for `seconds` against `baseUrl`, cycling through `paths` (GET with the
 * bearer `token`). Returns the totals the suites report: requests answered, 2xx, non-2xx, connection
 * errors and timeouts, latency percentiles in ms, and the status codes seen.
 */
export async function loadRun({
  baseUrl,
  paths,
  token,
  connections,
  seconds,
  timeoutSec = 30,
}) {
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: timeoutSec,
    headers: { authorization: `Bearer ${token}` },
    requests: paths.map(path => ({ method: 'GET', path })),
  });
  const codes = {};
  instance.on('response', (_client, statusCode) => {
    codes[statusCode] = (codes[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  return {
    requests: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    codes,
  };
}
