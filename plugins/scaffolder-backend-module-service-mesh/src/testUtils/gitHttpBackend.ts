/*
 * GitHub's Git smart HTTP protocol for msw handlers in tests: the request is answered by the real
 * `git http-backend` on the bare repositories under a root directory, as github.com would.
 */
import { execFileSync } from 'node:child_process';

/** An msw resolver (a plain Response) serving `https://<host>/<owner>/<repo>.git/...` from `<root>/<owner>/<repo>.git`. */
export function gitHttpBackend(
  root: string,
  onRequest?: (req: Request) => void,
) {
  return async ({ request: req }: { request: Request }) => {
    onRequest?.(req);
    const url = new URL(req.url);
    const out = execFileSync('git', ['http-backend'], {
      input: Buffer.from(await req.arrayBuffer()),
      maxBuffer: 64 * 1024 * 1024,
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        // git http-backend accepts a push only from an authenticated user.
        REMOTE_USER: 'x-access-token',
        REQUEST_METHOD: req.method,
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers.get('content-type') ?? '',
      },
    });
    const end = out.indexOf('\r\n\r\n');
    let status = 200;
    const headers = new Headers();
    for (const line of out.subarray(0, end).toString().split('\r\n')) {
      const [name, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else headers.set(name, value);
    }
    return new Response(out.subarray(end + 4), { status, headers });
  };
}
