import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse, type RequestHandler } from 'msw';

const CORPUS = join(__dirname, '../../__fixtures__/kiali');

/** The Kiali versions of the corpus (`__fixtures__/kiali/<version>/`), oldest first. */
export const KIALI_CORPUS_VERSIONS: string[] = readdirSync(CORPUS, {
  withFileTypes: true,
})
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** Kiali's answer to a route it does not have (gorilla/mux's default). */
const notFound = () =>
  new HttpResponse('404 page not found\n', { status: 404 });

/**
 * One Kiali version of the corpus at `base`: each endpoint answers with its file in the version's folder
 * and, like that Kiali, 404 when the version has no such file (an endpoint it does not serve).
 */
export function kialiCorpusHandlers(
  version: string,
  base: string,
): RequestHandler[] {
  const dir = join(CORPUS, version);
  const file = (name: string) => {
    const path = join(dir, name);
    return existsSync(path)
      ? HttpResponse.json(JSON.parse(readFileSync(path, 'utf8')))
      : notFound();
  };
  return [
    http.get(`${base}/api/status`, () => file('status.json')),
    http.get(`${base}/api/mesh/tls`, () => file('mesh-tls.json')),
    http.get(`${base}/api/clusters/tls`, () => file('clusters-tls.json')),
    http.get(`${base}/api/clusters/health`, () => file('clusters-health.json')),
    http.get(`${base}/api/namespaces/:ns/tls`, ({ params }) =>
      file(`namespace-tls-${params.ns}.json`),
    ),
    http.get(`${base}/api/namespaces/:ns/health`, ({ params }) =>
      file(`namespace-health-${params.ns}.json`),
    ),
    http.get(`${base}/api/namespaces/:ns/workloads/:wl`, ({ params }) =>
      file(`workload-${params.wl}.json`),
    ),
  ];
}
