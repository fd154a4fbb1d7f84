import type { FileTag } from '../layout';

/** One object to write, tagged with its layer: where it goes, whether to validate it, its comments. */
export interface PlannedFile extends FileTag {
  /** A kubernetes-models instance (validated) or a plain object (kustomization, catalog entity). */
  object:
    { toJSON?: () => unknown; validate?: () => void } | Record<string, unknown>;
  /** A Kubernetes API object that a cluster receives (analyzed), as opposed to kustomize/catalog files. */
  kube: boolean;
  header: string;
  comments?: Record<string, string>;
}

/** Where the generated repository lives: the Argo CD source and the catalog's location annotations. */
export interface RepoLocation {
  /** Git clone URL (https:// or file://). */
  cloneUrl: string;
  /** `url:...` or `file:...` location of the repository root for catalog annotations, when known. */
  sourceLocation?: string;
  /** Location of the manifests directory, in the same form. */
  manifestsLocation: string;
}

/** `value` when `condition` holds, else nothing: for optional keys spread into an object. */
export function onlyIf<T extends object>(
  condition: unknown,
  value: T,
): T | Record<string, never> {
  return condition ? value : {};
}
