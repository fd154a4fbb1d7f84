// Loopback HTTP servers of the harness: fake upstreams (Argo CD, Kiali) whose answers come from the
// backend's own msw fixture files and which can misbehave on demand, and the load balancer in front of the
// replicas.
import http from 'node:http';

/** How long a fake upstream in `slow` mode takes to answer. */
export const SLOW_MS = 2000;

/**
 * A fake upstream on 127.0.0.1:`port`. `route(method, url)` returns `{ status, body }` or undefined
 * (404). Requests without `Authorization: Bearer <token>` get 401. Every request is counted by
 * `METHOD path` (query included). Faults, set with `setMode`:
 * - `ok`: answer from the routes;
 * - `refuse`: the listening socket is closed, so connections are refused;
 * - `hang`: accept and never answer (until the mode changes or the server stops);
 * - `error`: answer 500 to everything;
 * - `slow`: answer from the routes after `SLOW_MS`;
 * - `flaky`: answer 500 to every second request, the others from the routes.
 */
export async function startFakeUpstream({ name, port, token, route }) {
  const counts = new Map();
  const hanging = new Set();
  let mode = 'ok';
  let served = 0;
  let server;

  const handler = (req, res) => {
    const key = `${req.method} ${req.url}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (mode === 'slow') {
      const timer = setTimeout(() => answer(req, res, 'ok'), SLOW_MS);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    answer(req, res, mode === 'flaky' && served++ % 2 === 0 ? 'error' : mode);
  };

  const answer = (req, res, how) => {
    const key = `${req.method} ${req.url}`;
    if (res.destroyed) return;
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (how === 'error') {
      send(500, {
        error: 'injected fault',
        code: 13,
        message: 'injected fault',
      });
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(401, { error: 'unauthorized', code: 16, message: 'no valid token' });
      return;
    }
    const found = route(
      req.method,
      new URL(req.url, `http://127.0.0.1:${port}`),
    );
    if (!found) {
      send(404, {
        error: 'not found',
        code: 5,
        message: `${name}: no fixture for ${key}`,
      });
      return;
    }
    send(found.status ?? 200, found.body);
  };

  const listen = () =>
    new Promise((resolve, reject) => {
      server = http.createServer(handler);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const close = () =>
    new Promise(resolve => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server.closeAllConnections();
    });

  await listen();
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    /** Requests received, by `METHOD path?query`. */
    counts: () => Object.fromEntries(counts),
    resetCounts: () => counts.clear(),
    mode: () => mode,
    async setMode(next) {
      if (!['ok', 'refuse', 'hang', 'error', 'slow', 'flaky'].includes(next)) {
        throw new Error(`unknown fault mode ${next}`);
      }
      if (next === 'refuse' && mode !== 'refuse') await close();
      if (mode === 'refuse' && next !== 'refuse') await listen();
      if (mode === 'hang' && next !== 'hang') {
        for (const res of hanging) res.destroy();
        hanging.clear();
      }
      mode = next;
    },
    stop: close,
  };
}

/**
 * Round-robin load balancer on 127.0.0.1:`port` in front of `targets()` (ports). A target that refuses
 * the connection is skipped for that request (nothing was sent yet, so retrying is safe), and so is a
 * kept-alive connection reset as it was reused, for a GET; any other request that fails after reaching a
 * target fails, as it would behind a real balancer.
 */
export async function startLoadBalancer({ port, targets }) {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const ports = targets();
      const attempt = tries => {
        if (tries >= ports.length) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { name: 'BadGateway', message: 'no replica answered' },
            }),
          );
          return;
        }
        const target = ports[next++ % ports.length];
        const upstream = http.request(
          {
            host: '127.0.0.1',
            port: target,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: `127.0.0.1:${port}` },
          },
          answer => {
            res.writeHead(answer.statusCode, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', error => {
          // Refused: nothing was sent. Reset on a kept-alive socket the replica was closing as it was
          // reused (Node's documented race with the server's keep-alive timeout): a GET is safe to send
          // again, as nginx's `proxy_next_upstream error` does.
          const retry =
            error.code === 'ECONNREFUSED' ||
            (error.code === 'ECONNRESET' &&
              upstream.reusedSocket &&
              (req.method === 'GET' || req.method === 'HEAD'));
          if (retry && !res.headersSent) {
            attempt(tries + 1);
          } else if (!res.headersSent) {
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                error: { name: 'BadGateway', message: error.code },
              }),
            );
          } else {
            res.destroy();
          }
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A pass-through proxy on 127.0.0.1:`port` to 127.0.0.1:`targetPort` that counts requests by
 * `METHOD path` (without the query: PromQL varies per call) and holds each request `setDelay(ms)`
 * milliseconds before forwarding it (0 until set): network latency of a remote upstream, switchable at
 * run time. When the target is down, the client's connection is dropped, as it would be by the target
 * itself.
 */
export async function startProxy({ port, targetPort }) {
  const counts = new Map();
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    const key = `${req.method} ${req.url.split('?')[0]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const forward = () => {
        const upstream = http.request(
          {
            host: '127.0.0.1',
            port: targetPort,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: `127.0.0.1:${targetPort}` },
          },
          answer => {
            res.writeHead(answer.statusCode, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.socket?.destroy());
        upstream.end(Buffer.concat(chunks));
      };
      if (delayMs > 0) setTimeout(forward, delayMs);
      else forward();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => Object.fromEntries(counts),
    resetCounts: () => counts.clear(),
    setDelay: ms => {
      delayMs = ms;
    },
    stop: () =>
      new Promise(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
