import type { ArgoCdInstanceConfig } from '../../config';
import { fetchUpstream } from '../upstream';
import type { SourceSelector } from './sources';
import type {
  ArgoApplication,
  ArgoApplicationList,
  ArgoApplicationTree,
  ArgoRevisionMetadata,
  ArgoVersion,
} from './types';

/** Which applications to list: by label selector or by name, optionally within a project and app namespace. */
export interface ArgoAppQuery {
  selector?: string;
  name?: string;
  project?: string;
  appNamespace?: string;
}

/**
 * A part of an application Argo CD's list can be narrowed to (`?fields=items.<field>,…`): Argo CD's
 * server keeps a fixed set of such paths (`appFields` in pkg/apiclient/application/forwarder_overwrite.go;
 * older servers filter any JSON path the same way), these among them. A server that ignores the
 * parameter answers whole applications, which read the same.
 */
export type ArgoAppField =
  | 'metadata.name'
  | 'metadata.namespace'
  | 'metadata.labels'
  | 'metadata.annotations'
  | 'spec.project'
  | 'spec.destination'
  | 'status.sync.status'
  | 'status.health'
  | 'status.resources';

/**
 * One Argo CD instance. Every method composes its own URL from validated parts; nothing from a request is
 * forwarded as a path. Failures are `UpstreamError`s.
 */
export interface ArgoCdApi {
  readonly instance: string;
  /**
   * `GET /api/v1/applications` with the query (no query: every application the token may see); with
   * `fields`, only those parts of each application (Argo CD's `fields` parameter, see
   * {@link ArgoAppField}).
   */
  listApplications(
    query: ArgoAppQuery,
    fields?: readonly ArgoAppField[],
  ): Promise<ArgoApplication[]>;
  /** `GET /api/v1/applications/{name}/resource-tree` */
  resourceTree(
    app: string,
    appNamespace?: string,
  ): Promise<ArgoApplicationTree>;
  /**
   * `GET /api/v1/applications/{name}/revisions/{revision}/metadata` (one revision per call); `source`
   * names the source of a multi-source app (`sourceIndex`, `versionId`: Argo CD ≥ 2.12).
   */
  revisionMetadata(
    app: string,
    revision: string,
    appNamespace?: string,
    source?: SourceSelector,
  ): Promise<ArgoRevisionMetadata>;
  /** `GET /api/v1/applications/{name}?refresh=normal`: re-read Git, return the refreshed app. */
  refresh(app: string, appNamespace?: string): Promise<ArgoApplication>;
  /**
   * `POST /api/v1/applications/{name}/sync` to the target revision, without prune. Argo CD answers
   * with the application whose `.operation` is set; `status.operationState` still describes the
   * previous operation until its controller starts this one.
   */
  sync(app: string, appNamespace?: string): Promise<ArgoApplication>;
  /** `GET /api/version` */
  version(): Promise<ArgoVersion>;
}

/** `ArgoCdApi` over Argo CD's REST API with a bearer token. */
export class ArgoCdClient implements ArgoCdApi {
  readonly instance: string;

  constructor(private readonly config: ArgoCdInstanceConfig) {
    this.instance = config.name;
  }

  private url(path: string, params: Record<string, string | undefined> = {}) {
    const url = new URL(`${this.config.url}${path}`);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url.toString();
  }

  private call<T>(
    url: string,
    init: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ) {
    return fetchUpstream<T>(url, {
      source: 'argocd',
      instance: this.config.name,
      timeoutMs: this.config.timeoutMs,
      token: this.config.token,
      ...init,
    });
  }

  private appPath(app: string, suffix = '') {
    return `/api/v1/applications/${encodeURIComponent(app)}${suffix}`;
  }

  async listApplications(
    query: ArgoAppQuery,
    fields?: readonly ArgoAppField[],
  ) {
    const list = await this.call<ArgoApplicationList>(
      this.url('/api/v1/applications', {
        selector: query.selector,
        name: query.name,
        projects: query.project,
        appNamespace: query.appNamespace,
        fields: fields?.map(f => `items.${f}`).join(','),
      }),
    );
    if (!list || typeof list !== 'object' || !('items' in list)) {
      throw new TypeError('the application list has no "items"');
    }
    // Argo CD sends `items: null` when nothing matches.
    return list.items ?? [];
  }

  resourceTree(app: string, appNamespace?: string) {
    return this.call<ArgoApplicationTree>(
      this.url(this.appPath(app, '/resource-tree'), { appNamespace }),
    );
  }

  revisionMetadata(
    app: string,
    revision: string,
    appNamespace?: string,
    source?: SourceSelector,
  ) {
    return this.call<ArgoRevisionMetadata>(
      this.url(
        this.appPath(
          app,
          `/revisions/${encodeURIComponent(revision)}/metadata`,
        ),
        {
          appNamespace,
          sourceIndex: source && String(source.sourceIndex),
          versionId:
            source?.versionId === undefined
              ? undefined
              : String(source.versionId),
        },
      ),
    );
  }

  refresh(app: string, appNamespace?: string) {
    return this.call<ArgoApplication>(
      this.url(this.appPath(app), { refresh: 'normal', appNamespace }),
    );
  }

  sync(app: string, appNamespace?: string) {
    return this.call<ArgoApplication>(this.url(this.appPath(app, '/sync')), {
      method: 'POST',
      body: {
        name: app,
        ...(appNamespace ? { appNamespace } : {}),
        prune: false,
        dryRun: false,
      },
    });
  }

  version() {
    return this.call<ArgoVersion>(this.url('/api/version'));
  }
}

/** The URL of an application in the Argo CD UI. */
export function argoAppUrl(
  baseUrl: string,
  app: string,
  appNamespace?: string,
): string {
  return appNamespace
    ? `${baseUrl}/applications/${encodeURIComponent(appNamespace)}/${encodeURIComponent(app)}`
    : `${baseUrl}/applications/${encodeURIComponent(app)}`;
}
