/*
 * The sandbox's simulated Argo CD over HTTP, in Argo CD's own REST shapes, for plugins that read Argo CD
 * themselves (Roadie's Argo CD cards, through the proxy). Mounted only when `serviceMesh.sandbox` is on,
 * which the backend refuses under NODE_ENV=production. Read endpoints only; every route needs a Backstage
 * token like the rest of the plugin (the proxy forwards the user's).
 */
import express from 'express';
import Router from 'express-promise-router';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  kubernetesNameProblem,
  type KubernetesNameRule,
} from '@meshport/plugin-service-mesh-common';
import {
  checkRevision,
  type ArgoApplication,
  type ArgoCdApi,
} from './services/argocd';
import { parseLabelSelector } from './services/targets';
import { UpstreamError } from './services/upstream';

/** Where the simulated Argo CD answers, below the plugin's base URL (Argo CD's `/api/v1`). */
export const SANDBOX_ARGOCD_PATH = '/sandbox/argocd/api/v1';

type Query = express.Request['query'];

/** Every value of a query parameter that may repeat (`?project=a&project=b`), each checked. */
function values(query: Query, field: string, rule: KubernetesNameRule) {
  const raw = query[field] ?? [];
  return (Array.isArray(raw) ? raw : [raw]).map(value => {
    const problem = kubernetesNameProblem(value, rule);
    if (problem) throw new InputError(`${field}: ${problem}`);
    return value as string;
  });
}

/** One optional query parameter. */
function single(query: Query, field: string, rule: KubernetesNameRule) {
  const [value, extra] = values(query, field, rule);
  if (extra !== undefined) throw new InputError(`${field} may be given once`);
  return value;
}

function selectorOf(query: Query): string | undefined {
  const selector = query.selector;
  if (selector === undefined || selector === '') return undefined;
  if (typeof selector !== 'string') {
    throw new InputError('selector may be given once');
  }
  try {
    parseLabelSelector(selector);
  } catch (error) {
    throw new InputError(`selector ${(error as Error).message}`);
  }
  return selector;
}

function appName(name: string): string {
  const problem = kubernetesNameProblem(name, 'dns1123-subdomain');
  if (problem) throw new InputError(`application name: ${problem}`);
  return name;
}

/** The simulated applications, narrowed by the filters Argo CD applies (`project` is the legacy name of `projects`). */
async function list(
  argocd: ArgoCdApi,
  query: Query,
  name?: string,
): Promise<ArgoApplication[]> {
  const projects = [
    ...values(query, 'project', 'dns1123-subdomain'),
    ...values(query, 'projects', 'dns1123-subdomain'),
  ];
  const apps = await argocd.listApplications({
    name,
    selector: name ? undefined : selectorOf(query),
    appNamespace: single(query, 'appNamespace', 'dns1123-label'),
  });
  return apps.filter(
    a => projects.length === 0 || projects.includes(a.spec.project ?? ''),
  );
}

/**
 * Routes of the sandbox's Argo CD: `GET applications` (selector, project/projects, appNamespace),
 * `GET applications/{name}` and `GET applications/{name}/revisions/{revision}/metadata`.
 */
export function createSandboxArgoCdRouter(options: {
  argocd: ArgoCdApi;
}): express.Router {
  const { argocd } = options;
  const router = Router();

  router.get(`${SANDBOX_ARGOCD_PATH}/applications`, async (req, res) => {
    res.json({ metadata: {}, items: await list(argocd, req.query) });
  });

  router.get(`${SANDBOX_ARGOCD_PATH}/applications/:name`, async (req, res) => {
    const name = appName(req.params.name);
    const [app] = await list(argocd, req.query, name);
    if (!app) {
      throw new NotFoundError(`applications.argoproj.io "${name}" not found`);
    }
    res.json(app);
  });

  router.get(
    `${SANDBOX_ARGOCD_PATH}/applications/:name/revisions/:revision/metadata`,
    async (req, res) => {
      const name = appName(req.params.name);
      const revision = checkRevision(req.params.revision);
      const appNamespace = single(req.query, 'appNamespace', 'dns1123-label');
      try {
        res.json(await argocd.revisionMetadata(name, revision, appNamespace));
      } catch (error) {
        if (error instanceof UpstreamError && error.state === 'not-found') {
          throw new NotFoundError(error.message);
        }
        throw error;
      }
    },
  );
  return router;
}
