import type {
  ArgoInitiator,
  ArgoNameValue,
  ArgoSource,
} from '@meshport/plugin-service-mesh-common';
import { InputError } from '@backstage/errors';
import type {
  ArgoApplication,
  ArgoApplicationSource,
  ArgoOperation,
  ArgoOperationInitiator,
} from './types';

function nameValues(
  list: Array<{ name?: string; value?: string }> | undefined,
): ArgoNameValue[] | undefined {
  const pairs = (list ?? [])
    .filter(p => p?.name)
    .map(p => ({ name: p.name!, value: p.value ?? '' }));
  return pairs.length ? pairs : undefined;
}

function pluginParameters(
  list: NonNullable<ArgoApplicationSource['plugin']>['parameters'],
): ArgoNameValue[] | undefined {
  return nameValues(
    list?.map(p => ({
      name: p.name,
      value:
        p.string ??
        p.array?.join(',') ??
        Object.entries(p.map ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
    })),
  );
}

const nonEmpty = <T>(list: T[] | undefined) =>
  list && list.length ? list : undefined;

/** Drops the keys whose value is undefined, so answers and cached shapes carry no empty keys. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * One source as Meshport shows it: repository, path, revision, chart, ref, and the parameters that
 * decide what is deployed (Helm value files and parameters, kustomize images, a config management
 * plugin's name, env and parameters). Inline Helm `values` are left out: they can be large.
 */
export function argoSource(s: ArgoApplicationSource): ArgoSource {
  const helm = defined({
    valueFiles: nonEmpty(s.helm?.valueFiles),
    parameters: nameValues(s.helm?.parameters),
  });
  const plugin = defined({
    name: s.plugin?.name || undefined,
    env: nameValues(s.plugin?.env),
    parameters: pluginParameters(s.plugin?.parameters),
  });
  const images = nonEmpty(s.kustomize?.images);
  return defined({
    repoURL: s.repoURL,
    path: s.path,
    targetRevision: s.targetRevision,
    chart: s.chart,
    ref: s.ref,
    helm: Object.keys(helm).length ? helm : undefined,
    kustomize: images ? { images } : undefined,
    plugin: Object.keys(plugin).length ? plugin : undefined,
  });
}

/** The sources of an application: `spec.sources` when set (multi-source), else `spec.source`. */
export function sourcesOf(spec: {
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
}): ArgoApplicationSource[] {
  if (spec.sources?.length) return spec.sources;
  return spec.source ? [spec.source] : [];
}

/**
 * Argo CD's `OperationInitiator` as Meshport shows it: the automated sync policy, a user, or nobody
 * recorded (`{}`, which Argo CD writes when an operation names no initiator).
 */
export function initiatorOf(
  initiator: ArgoOperationInitiator | undefined,
): ArgoInitiator | undefined {
  if (initiator?.automated) return { automated: true };
  if (initiator?.username) {
    return { automated: false, username: initiator.username };
  }
  return undefined;
}

/** The revision(s) and initiator an operation was asked for, as the cached shapes keep them. */
export function slimOperation(
  operation: ArgoOperation | undefined,
): ArgoOperation | undefined {
  if (!operation) return undefined;
  const sync = operation.sync
    ? defined({
        revision: operation.sync.revision || undefined,
        revisions: nonEmpty(operation.sync.revisions),
      })
    : undefined;
  return defined({
    sync,
    initiatedBy: operation.initiatedBy && defined({ ...operation.initiatedBy }),
  });
}

/** A source as the cached application shapes keep it: exactly what `argoSource` reads. */
export function slimSource(s: ArgoApplicationSource): ArgoApplicationSource {
  const shown = argoSource(s);
  return shown.plugin
    ? {
        ...shown,
        plugin: defined({
          ...shown.plugin,
          parameters: shown.plugin.parameters?.map(p => ({
            name: p.name,
            string: p.value,
          })),
        }),
      }
    : shown;
}

/** Which source of a multi-source application a revision is read from (Argo CD ≥ 2.12's query). */
export interface SourceSelector {
  sourceIndex: number;
  /** The history entry whose sources to use: the app's sources may have changed since. */
  versionId?: number;
}

/**
 * The source a revision of a multi-source application belongs to, for its revision metadata: without
 * it Argo CD looks in the first source's repository. `sourceIndex` is the caller's choice (checked
 * against the sources); else the revision's position in a history entry's `revisions`, else in
 * `status.sync.revisions`. Undefined for a single-source application (Argo CD needs none).
 */
export function sourceSelectorOf(
  app: ArgoApplication,
  revision: string,
  sourceIndex?: number,
): SourceSelector | undefined {
  const count = sourcesOf(app.spec).length;
  if (!app.spec.sources?.length) {
    if (sourceIndex !== undefined && sourceIndex > 0) {
      throw new InputError(
        `sourceIndex ${sourceIndex}: application "${app.metadata.name}" has a single source`,
      );
    }
    return undefined;
  }
  if (sourceIndex !== undefined && sourceIndex >= count) {
    throw new InputError(
      `sourceIndex ${sourceIndex}: application "${app.metadata.name}" has ${count} sources (0 to ${count - 1})`,
    );
  }
  const matches = (revisions: string[] | undefined) =>
    sourceIndex !== undefined
      ? revisions?.[sourceIndex] === revision
      : (revisions ?? []).includes(revision);
  const entry = [...(app.status?.history ?? [])]
    .sort((a, b) => b.id - a.id)
    .find(h => matches(h.revisions));
  if (entry) {
    return {
      sourceIndex: sourceIndex ?? entry.revisions!.indexOf(revision),
      versionId: entry.id,
    };
  }
  const current = app.status?.sync?.revisions;
  return {
    sourceIndex:
      sourceIndex ??
      (current?.includes(revision) ? current.indexOf(revision) : 0),
  };
}
