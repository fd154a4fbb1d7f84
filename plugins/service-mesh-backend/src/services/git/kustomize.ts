/*
 * `kustomize build <dir>` over the files read from Git, in process: the part of kustomize
 * (kubernetes-sigs/kustomize v5, api/internal/target) that decides which objects an environment
 * deploys, their names and namespaces, and what patches change in them (hosts, certificates):
 * `resources` (and the deprecated `bases`) as files or directories with a kustomization, then, in
 * kustomize's order, `patchesStrategicMerge`, `patches` (strategic-merge or JSON 6902, with or without
 * `target`), `namespace`, `namePrefix`, `nameSuffix`, `patchesJson6902`, and last the `transformers`
 * that are builtin NamespaceTransformers (with `unsetOnly`, as Meshport's generated overlays use them).
 *
 * Strategic-merge patches merge maps and replace lists, as kustomize does for custom resources (Istio,
 * Gateway API, cert-manager: no schema, so no list merge keys); `null` deletes a field and
 * `$patch: delete` / `$patch: replace` work as in kustomize. Labels, annotations, images, replicas and
 * generated ConfigMaps cannot move an object or change a host and are not applied; what could (remote
 * or missing resources, components, replacements, generators, ...) is reported as a problem, never
 * guessed.
 */
import { posix } from 'node:path';
import {
  parseManifests,
  type KubeObject,
} from '@meshport/plugin-service-mesh-common';
import { parseAllDocuments } from 'yaml';
import type { ManifestFile } from './ManifestSource';

/** The file names kustomize reads as a directory's kustomization, in its order of preference. */
const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Kustomization fields that can add objects or change names, namespaces or hosts, and are not rendered. */
const NOT_RENDERED = [
  'components',
  'replacements',
  'vars',
  'generators',
  'validators',
  'helmCharts',
  'secretGenerator',
  'configurations',
  'crds',
  'openapi',
];

/** Built-in kinds that are cluster-scoped (kustomize's OpenAPI data): no namespace is set on them. */
const CLUSTER_SCOPED = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'networking.k8s.io/IngressClass',
  'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest',
]);

/** What `kustomize build` of one directory yields, and what it could not render faithfully. */
export interface KustomizeBuild {
  objects: KubeObject[];
  /** One sentence per problem, naming the kustomization and the field. */
  problems: string[];
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with the names and namespaces it has had (kustomize matches patches against any of them). */
interface Resource {
  object: KubeObject;
  names: Set<string>;
  namespaces: Set<string>;
}

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
const versionOf = (apiVersion: string) => apiVersion.split('/').pop() ?? '';
const isClusterScoped = (o: { apiVersion: string; kind: string }) =>
  CLUSTER_SCOPED.has(`${groupOf(o.apiVersion)}/${o.kind}`);
/** kustomize's effective namespace: none and `default` are one. */
const effectiveNamespace = (ns: string | undefined) => ns || 'default';

function track(object: KubeObject): Resource {
  return {
    object,
    names: new Set([object.metadata.name]),
    namespaces: new Set([effectiveNamespace(object.metadata.namespace)]),
  };
}

/** The directories (relative to the tree read) that hold a kustomization, sorted. */
export function kustomizationDirs(files: readonly ManifestFile[]): string[] {
  return [
    ...new Set(
      files
        .filter(f => KUSTOMIZATION_FILES.includes(posix.basename(f.path)))
        .map(f => posix.dirname(f.path))
        .map(dir => (dir === '.' ? '' : dir)),
    ),
  ].sort();
}

class Builder {
  constructor(
    private readonly files: Map<string, string>,
    private readonly problems: string[],
  ) {}

  private kustomizationOf(
    dir: string,
  ): { path: string; text: string } | undefined {
    for (const name of KUSTOMIZATION_FILES) {
      const path = dir ? `${dir}/${name}` : name;
      const text = this.files.get(path);
      if (text !== undefined) return { path, text };
    }
    return undefined;
  }

  private problem(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }

  build(dir: string, stack: string[]): Resource[] {
    const file = this.kustomizationOf(dir);
    if (!file) {
      this.problem(dir || '.', 'no kustomization.yaml in this directory');
      return [];
    }
    if (stack.includes(dir)) {
      this.problem(
        file.path,
        `includes itself (${[...stack, dir].join(' → ')})`,
      );
      return [];
    }
    const k = this.yaml(file.path, file.text)[0];
    if (!isMap(k)) {
      this.problem(file.path, 'is not a kustomization (a YAML mapping)');
      return [];
    }
    const unrendered = NOT_RENDERED.filter(key => k[key] !== undefined);
    if (unrendered.length > 0) {
      this.problem(
        file.path,
        `${unrendered.join(', ')} ${unrendered.length > 1 ? 'are' : 'is'} not rendered by Meshport`,
      );
    }
    const at = (field: string) => `${file.path} ${field}`;
    const resources: Resource[] = [];
    for (const [field, entry] of this.entries(k, 'resources', 'bases')) {
      resources.push(...this.resource(dir, entry, at(field), [...stack, dir]));
    }
    for (const [field, entry] of this.entries(k, 'patchesStrategicMerge')) {
      const text = this.patchText(dir, entry, at(field));
      if (text !== undefined) this.strategicMerge(resources, text, at(field));
    }
    for (const [field, entry] of this.entries(k, 'patches')) {
      this.patch(dir, resources, entry, at(field));
    }
    if (typeof k.namespace === 'string' && k.namespace) {
      setNamespace(resources, k.namespace, { renameNamespaces: true });
    }
    const prefix = typeof k.namePrefix === 'string' ? k.namePrefix : '';
    const suffix = typeof k.nameSuffix === 'string' ? k.nameSuffix : '';
    if (prefix || suffix) rename(resources, prefix, suffix);
    for (const [field, entry] of this.entries(k, 'patchesJson6902')) {
      this.patch(dir, resources, entry, at(field), true);
    }
    for (const [field, entry] of this.entries(k, 'transformers')) {
      this.transformer(dir, resources, entry, at(field));
    }
    return resources;
  }

  /** A `transformers` entry (inline or a file): builtin NamespaceTransformers are applied. */
  private transformer(
    dir: string,
    resources: Resource[],
    entry: unknown,
    where: string,
  ): void {
    const text = this.patchText(dir, entry, where);
    if (text === undefined) return;
    for (const config of this.yaml(where, text)) {
      const meta =
        isMap(config) && isMap(config.metadata) ? config.metadata : {};
      if (
        !isMap(config) ||
        config.apiVersion !== 'builtin' ||
        config.kind !== 'NamespaceTransformer' ||
        config.fieldSpecs !== undefined ||
        typeof meta.namespace !== 'string'
      ) {
        this.problem(
          where,
          `the transformer ${isMap(config) ? String(config.kind) : ''} is not rendered by Meshport (only builtin NamespaceTransformers without fieldSpecs are)`,
        );
        continue;
      }
      setNamespace(resources, meta.namespace, {
        unsetOnly: config.unsetOnly === true,
      });
    }
  }

  /** The entries of list fields, each with its field path (`resources[1]`). */
  private entries(k: Json, ...fields: string[]): Array<[string, unknown]> {
    return fields.flatMap(field =>
      Array.isArray(k[field])
        ? (k[field] as unknown[]).map(
            (entry, i) => [`${field}[${i}]`, entry] as [string, unknown],
          )
        : [],
    );
  }

  private yaml(where: string, text: string): unknown[] {
    try {
      return parseAllDocuments(text).map(doc => {
        if (doc.errors.length > 0) throw new Error(doc.errors[0].code);
        return doc.toJS({ maxAliasCount: 100 });
      });
    } catch (error) {
      this.problem(where, `invalid YAML (${(error as Error).message})`);
      return [];
    }
  }

  /** A path of the kustomization's directory inside the tree read, or undefined (with a problem). */
  private local(
    dir: string,
    entry: unknown,
    where: string,
  ): string | undefined {
    if (typeof entry !== 'string' || !entry) {
      this.problem(where, 'is not a path');
      return undefined;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|\?ref=|^github\.com\//i.test(entry)) {
      this.problem(
        where,
        `${entry} is a remote resource, which Meshport does not fetch`,
      );
      return undefined;
    }
    const path = posix.normalize(posix.join(dir, entry)).replace(/\/$/, '');
    if (path === '..' || path.startsWith('../') || posix.isAbsolute(path)) {
      this.problem(
        where,
        `${entry} is outside the manifests read (meshport.io/manifests)`,
      );
      return undefined;
    }
    return path === '.' ? '' : path;
  }

  private resource(
    dir: string,
    entry: unknown,
    where: string,
    stack: string[],
  ): Resource[] {
    const path = this.local(dir, entry, where);
    if (path === undefined) return [];
    const text = this.files.get(path);
    if (text !== undefined) {
      try {
        return parseManifests(text).map(track);
      } catch (error) {
        this.problem(where, `${path}: ${(error as Error).message}`);
        return [];
      }
    }
    if (this.kustomizationOf(path)) return this.build(path, stack);
    this.problem(
      where,
      `${entry} is neither a file nor a directory with a kustomization in the manifests read`,
    );
    return [];
  }

  /** A patch's text: a file next to the kustomization, else the entry itself (an inline patch). */
  private patchText(
    dir: string,
    entry: unknown,
    where: string,
  ): string | undefined {
    if (typeof entry !== 'string') {
      this.problem(where, 'is not a patch file or an inline patch');
      return undefined;
    }
    const inline = entry.includes('\n') || /^\s*[[{]/.test(entry);
    if (inline) return entry;
    const path = this.local(dir, entry, where);
    if (path === undefined) return undefined;
    const text = this.files.get(path);
    if (text === undefined)
      this.problem(where, `${entry} is not in the manifests read`);
    return text;
  }

  private patch(
    dir: string,
    resources: Resource[],
    entry: unknown,
    where: string,
    json6902 = false,
  ): void {
    if (!isMap(entry)) {
      this.problem(where, 'is not a patch (a mapping with path or patch)');
      return;
    }
    const text =
      typeof entry.patch === 'string'
        ? entry.patch
        : this.patchText(dir, entry.path, `${where}.path`);
    if (text === undefined) return;
    const docs = this.yaml(where, text);
    const target = isMap(entry.target) ? entry.target : undefined;
    if (json6902 || Array.isArray(docs[0])) {
      if (!target) {
        this.problem(where, 'a JSON 6902 patch needs a target');
        return;
      }
      const ops = (docs[0] ?? []) as unknown[];
      for (const r of this.select(resources, target, where)) {
        try {
          r.object = jsonPatch(r.object, ops) as KubeObject;
          r.names.add(r.object.metadata?.name);
          r.namespaces.add(effectiveNamespace(r.object.metadata?.namespace));
        } catch (error) {
          this.problem(where, (error as Error).message);
        }
      }
      return;
    }
    if (target) {
      const patchObject = docs.find(isMap);
      for (const r of this.select(resources, target, where)) {
        applyStrategicMerge(resources, r, patchObject ?? {});
      }
      return;
    }
    this.strategicMerge(resources, text, where, docs);
  }

  /** Each patch applied to the one object with its apiVersion, kind, name and namespace. */
  private strategicMerge(
    resources: Resource[],
    text: string,
    where: string,
    docs = this.yaml(where, text),
  ): void {
    for (const patch of docs.filter(isMap)) {
      const meta = isMap(patch.metadata) ? patch.metadata : {};
      const matches = resources.filter(
        r =>
          r.object.apiVersion === patch.apiVersion &&
          r.object.kind === patch.kind &&
          r.names.has(String(meta.name)) &&
          (isClusterScoped(r.object) ||
            r.namespaces.has(
              effectiveNamespace(meta.namespace as string | undefined),
            )),
      );
      if (matches.length !== 1) {
        this.problem(
          where,
          `${matches.length === 0 ? 'no' : 'more than one'} object matches the patch of ${String(patch.kind)} ${String(meta.name)}`,
        );
        continue;
      }
      applyStrategicMerge(resources, matches[0], patch);
    }
  }

  /** The objects a patch target selects (kustomize's Select: regular expressions, anchored). */
  private select(
    resources: Resource[],
    target: Json,
    where: string,
  ): Resource[] {
    const matcher = (pattern: unknown) => {
      if (typeof pattern !== 'string' || pattern === '') return () => true;
      const re = new RegExp(`^(?:${pattern})$`);
      return (value: string) => re.test(value);
    };
    const group = matcher(target.group);
    const version = matcher(target.version);
    const kind = matcher(target.kind);
    const name = matcher(target.name);
    const namespace = matcher(target.namespace);
    const labels = selectorOf(target.labelSelector);
    const annotations = selectorOf(target.annotationSelector);
    if (labels === null || annotations === null) {
      this.problem(
        where,
        'uses a label or annotation selector beyond key=value',
      );
      return [];
    }
    return resources.filter(
      r =>
        group(groupOf(r.object.apiVersion)) &&
        version(versionOf(r.object.apiVersion)) &&
        kind(r.object.kind) &&
        [...r.names].some(name) &&
        [...r.namespaces].some(namespace) &&
        labels(r.object.metadata.labels) &&
        annotations(r.object.metadata.annotations),
    );
  }
}

/** Renders `dir` as `kustomize build` would, from `files` (paths relative to the tree read). */
export function kustomizeBuild(
  files: readonly ManifestFile[],
  dir: string,
): KustomizeBuild {
  const byPath = new Map(files.map(f => [posix.normalize(f.path), f.text]));
  const problems: string[] = [];
  const resources = new Builder(byPath, problems).build(dir, []);
  return { objects: resources.map(r => r.object), problems };
}

/**
 * The objects as Argo CD (like `kubectl apply -n`) applies them: every namespaced object without a
 * namespace in `namespace`.
 */
export function inNamespace(
  objects: KubeObject[],
  namespace: string,
): KubeObject[] {
  return objects.map(o =>
    o.metadata.namespace || isClusterScoped(o)
      ? o
      : { ...o, metadata: { ...o.metadata, namespace } },
  );
}

/** A `key=value,key2=value2` selector as a test, null for anything else (set-based selectors). */
function selectorOf(
  selector: unknown,
): ((values: Record<string, string> | undefined) => boolean) | null {
  if (selector === undefined || selector === '') return () => true;
  if (typeof selector !== 'string') return null;
  const pairs = selector.split(',').map(p => p.split('='));
  if (pairs.some(p => p.length !== 2 || !p[0].trim())) return null;
  return values => pairs.every(([k, v]) => values?.[k.trim()] === v.trim());
}

/**
 * Merges `patch` into the object as kustomize does for custom resources (`Resource.ApplySmPatch`):
 * the object keeps its kind, name and namespace; `$patch: delete` removes it.
 */
function applyStrategicMerge(
  resources: Resource[],
  r: Resource,
  patch: Json,
): void {
  if (patch.$patch === 'delete') {
    resources.splice(resources.indexOf(r), 1);
    return;
  }
  const { kind, metadata } = r.object;
  const merged = merge(r.object, patch) as KubeObject;
  const { namespace: _dropped, ...rest } = merged.metadata ?? {};
  r.object = {
    ...merged,
    kind,
    metadata: {
      ...rest,
      name: metadata.name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
    },
  };
}

/** Maps merged, lists and scalars replaced, `null` deleting, `$patch` directives honoured. */
function merge(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    return merge(
      {},
      Object.fromEntries(Object.entries(patch).filter(([k]) => k !== '$patch')),
    );
  }
  const result: Json = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null || (isMap(value) && value.$patch === 'delete')) {
      delete result[key];
    } else {
      result[key] = merge(result[key], value);
    }
  }
  return result;
}

/**
 * kustomize's namespace transformer: the namespace of every namespaced object (only where none is set
 * with `unsetOnly`); the `namespace` field's fieldSpecs also rename Namespace objects to it.
 */
function setNamespace(
  resources: Resource[],
  namespace: string,
  options: { unsetOnly?: boolean; renameNamespaces?: boolean },
): void {
  for (const r of resources) {
    const { object } = r;
    if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
      if (options.renameNamespaces && !options.unsetOnly) {
        r.object = {
          ...object,
          metadata: { ...object.metadata, name: namespace },
        };
        r.names.add(namespace);
      }
    } else if (
      !isClusterScoped(object) &&
      !(options.unsetOnly && object.metadata.namespace)
    ) {
      r.object = { ...object, metadata: { ...object.metadata, namespace } };
      r.namespaces.add(namespace);
    }
  }
}

function rename(resources: Resource[], prefix: string, suffix: string): void {
  for (const r of resources) {
    const { object } = r;
    // kustomize's prefix and suffix transformers skip these kinds.
    if (
      ['Namespace', 'CustomResourceDefinition', 'APIService'].includes(
        object.kind,
      )
    ) {
      continue;
    }
    const name = `${prefix}${object.metadata.name}${suffix}`;
    r.object = { ...object, metadata: { ...object.metadata, name } };
    r.names.add(name);
  }
}

/** A JSON pointer's tokens (RFC 6901). */
function pointer(path: unknown): string[] {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) {
    throw new Error(`${JSON.stringify(path)} is not a JSON pointer`);
  }
  return path
    .split('/')
    .slice(1)
    .map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies RFC 6902 operations (add, remove, replace, move, copy, test) to a copy of `doc`. */
function jsonPatch(doc: unknown, ops: unknown[]): unknown {
  let root = structuredClone(doc);
  const parentOf = (tokens: string[]) => {
    let node: unknown = root;
    for (const token of tokens.slice(0, -1)) {
      node = Array.isArray(node)
        ? node[Number(token)]
        : (node as Json)?.[token];
      if (typeof node !== 'object' || node === null) {
        throw new Error(`/${tokens.join('/')} does not exist`);
      }
    }
    return node as Json | unknown[];
  };
  const get = (tokens: string[]) =>
    tokens.length === 0
      ? root
      : (parentOf(tokens) as Json)[tokens[tokens.length - 1]];
  const remove = (tokens: string[]) => {
    const parent = parentOf(tokens);
    const last = tokens[tokens.length - 1];
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  };
  const add = (tokens: string[], value: unknown, replace: boolean) => {
    if (tokens.length === 0) {
      root = value;
      return;
    }
    const parent = parentOf(tokens);
    const last = tokens[tokens.length - 1];
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      parent.splice(index, replace ? 1 : 0, value);
    } else {
      parent[last] = value;
    }
  };
  for (const [i, op] of ops.entries()) {
    if (!isMap(op)) throw new Error(`operation ${i} is not a mapping`);
    const tokens = pointer(op.path);
    switch (op.op) {
      case 'add':
        add(tokens, structuredClone(op.value), false);
        break;
      case 'replace':
        if (get(tokens) === undefined) {
          throw new Error(`replace: ${String(op.path)} does not exist`);
        }
        add(tokens, structuredClone(op.value), true);
        break;
      case 'remove':
        remove(tokens);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(op.from);
        const value = structuredClone(get(from));
        if (op.op === 'move') remove(from);
        add(tokens, value, false);
        break;
      }
      case 'test':
        if (JSON.stringify(get(tokens)) !== JSON.stringify(op.value)) {
          throw new Error(
            `test: ${String(op.path)} is not ${JSON.stringify(op.value)}`,
          );
        }
        break;
      default:
        throw new Error(`operation ${i} has no known op (${String(op.op)})`);
    }
  }
  return root;
}
