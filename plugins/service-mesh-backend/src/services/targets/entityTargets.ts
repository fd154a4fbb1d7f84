import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_NAMESPACE,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_INSTANCE_NAME,
  ANNOTATION_ARGOCD_PROJECT_NAME,
  ANNOTATION_JAEGER_SERVICE,
  ANNOTATION_KIALI_NAMESPACE,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_MESH_MANIFESTS,
  ANNOTATION_MESH_WORKLOAD,
  ANNOTATION_SOURCE_LOCATION,
  isKubernetesName,
  KUBERNETES_NAME_RULES,
  SERVICE_MESH_ANNOTATIONS,
  showValue,
  type KubernetesNameRule,
} from '@meshport/plugin-service-mesh-common';
import {
  formatLabelSelector,
  LabelRequirement,
  parseLabelSelector,
} from './labelSelector';
import type { ManifestsLocation } from '../git';
import { isJaegerServiceName } from '../jaeger/service';

/** Where an entity runs and how to find it upstream, from its annotations, every value validated. */
export interface EntityTargets {
  entityRef: string;
  /** Kubernetes workload name (Deployment and `app` label). */
  workload: string;
  argocd?: {
    appName?: string;
    selector?: { requirements: LabelRequirement[]; text: string };
    project?: string;
    appNamespace?: string;
    /** Instances named in `argocd/instance-name`; undefined means every configured instance. */
    instances?: string[];
  };
  /**
   * Namespaces from `backstage.io/kubernetes-namespace` or `kiali.io/namespace` (a comma list, as the
   * wizard writes one namespace per environment).
   */
  namespaces: string[];
  /** Namespace used when the entity has no Argo CD application: the first of `namespaces`. */
  defaultNamespace?: string;
  jaegerService?: string;
  /** Where the manifests live, with the annotation that says so and the entity's catalog location. */
  manifests?: ManifestsLocation;
}

function invalid(annotation: string, value: string, rule: string): never {
  throw new InputError(
    `Invalid value ${showValue(value)} in annotation ${annotation}: ${rule}`,
  );
}

/** Checks a Kubernetes name that will go into a query or URL path; the error names the annotation. */
function checkName(
  value: string,
  annotation: string,
  rule: KubernetesNameRule,
): string {
  if (!isKubernetesName(value, rule)) {
    invalid(
      annotation,
      value,
      `expected ${KUBERNETES_NAME_RULES[rule].description}`,
    );
  }
  return value;
}

/** Trims blanks only: a newline or tab in an annotation value stays, and fails validation. */
const trimSpaces = (value: string) => value.replace(/^ +| +$/g, '');

function readLocation(
  value: string,
  annotation: string,
): { type: 'url' | 'file'; target: string } {
  const file = /^file:(.+)$/.exec(trimSpaces(value));
  if (file) {
    if (file[1].length > 1024 || /[^\x20-\x7e]/.test(file[1])) {
      invalid(
        annotation,
        value,
        'the file location is too long or has control characters',
      );
    }
    return { type: 'file', target: file[1] };
  }
  const match = /^url:(.+)$/.exec(trimSpaces(value));
  if (!match) {
    invalid(
      annotation,
      value,
      'expected a location of the form url:https://... (or file:... for a local repository)',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(match[1]);
  } catch {
    return invalid(annotation, value, 'the location is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    invalid(annotation, value, 'the location must be an http(s) URL');
  }
  return { type: 'url', target: parsed.toString() };
}

/**
 * Reads and validates an entity's Meshport-relevant annotations. Throws `InputError` naming the
 * annotation for any value that does not follow the Kubernetes naming rules, before anything reaches a
 * PromQL matcher, an Argo CD selector or a URL path. `knownInstances` are the configured Argo CD
 * instance names; `argocd/instance-name` may only name those.
 */
export function readEntityTargets(
  entity: Entity,
  knownInstances: string[],
): EntityTargets {
  const annotations = entity.metadata.annotations ?? {};
  const get = (key: string) => {
    const value = annotations[key];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const entityRef = stringifyEntityRef(entity);

  const firstSet = (...keys: string[]) => keys.find(key => get(key));
  const workloadSource = firstSet(
    ANNOTATION_MESH_WORKLOAD,
    ANNOTATION_KUBERNETES_ID,
  );
  const workload = workloadSource
    ? checkName(get(workloadSource)!, workloadSource, 'dns1123-label')
    : checkName(
        entity.metadata.name,
        'metadata.name (workload)',
        'dns1123-label',
      );

  const appName = get(ANNOTATION_ARGOCD_APP_NAME);
  const selectorText = get(ANNOTATION_ARGOCD_APP_SELECTOR);
  let argocd: EntityTargets['argocd'];
  if (appName !== undefined || selectorText !== undefined) {
    let selector:
      { requirements: LabelRequirement[]; text: string } | undefined;
    if (selectorText !== undefined) {
      try {
        const requirements = parseLabelSelector(selectorText);
        selector = { requirements, text: formatLabelSelector(requirements) };
      } catch (error) {
        invalid(
          ANNOTATION_ARGOCD_APP_SELECTOR,
          selectorText,
          `not a Kubernetes label selector: ${(error as Error).message}`,
        );
      }
    }
    const project = get(ANNOTATION_ARGOCD_PROJECT_NAME);
    const appNamespace = get(ANNOTATION_ARGOCD_APP_NAMESPACE);
    const instanceList = get(ANNOTATION_ARGOCD_INSTANCE_NAME);
    let instances: string[] | undefined;
    if (instanceList !== undefined) {
      instances = instanceList.split(',').map(name => {
        const trimmed = checkName(
          trimSpaces(name),
          ANNOTATION_ARGOCD_INSTANCE_NAME,
          'dns1123-label',
        );
        if (!knownInstances.includes(trimmed)) {
          invalid(
            ANNOTATION_ARGOCD_INSTANCE_NAME,
            instanceList,
            `no Argo CD instance named "${trimmed}" is configured (configured: ${knownInstances.join(', ') || 'none'})`,
          );
        }
        return trimmed;
      });
    }
    argocd = {
      appName: appName
        ? checkName(appName, ANNOTATION_ARGOCD_APP_NAME, 'dns1123-subdomain')
        : undefined,
      selector,
      project: project
        ? checkName(
            project,
            ANNOTATION_ARGOCD_PROJECT_NAME,
            'dns1123-subdomain',
          )
        : undefined,
      appNamespace: appNamespace
        ? checkName(
            appNamespace,
            ANNOTATION_ARGOCD_APP_NAMESPACE,
            'dns1123-label',
          )
        : undefined,
      instances,
    };
  }

  const namespaceKey = firstSet(
    ANNOTATION_KUBERNETES_NAMESPACE,
    ANNOTATION_KIALI_NAMESPACE,
  );
  const namespaces = namespaceKey
    ? get(namespaceKey)!
        .split(',')
        .map(ns => checkName(trimSpaces(ns), namespaceKey, 'dns1123-label'))
    : [];

  const jaeger = get(ANNOTATION_JAEGER_SERVICE);
  if (jaeger !== undefined && !isJaegerServiceName(jaeger)) {
    invalid(
      ANNOTATION_JAEGER_SERVICE,
      jaeger,
      'expected a service name (letters, digits, "-", "_" and ".")',
    );
  }

  const manifestsKey = firstSet(
    ANNOTATION_MESH_MANIFESTS,
    ANNOTATION_SOURCE_LOCATION,
  );
  const manifests: ManifestsLocation | undefined = manifestsKey
    ? {
        ...readLocation(get(manifestsKey)!, manifestsKey),
        annotation: manifestsKey,
        catalogLocation: get(ANNOTATION_LOCATION),
      }
    : undefined;

  return {
    entityRef,
    workload,
    argocd,
    namespaces,
    defaultNamespace: namespaces[0],
    jaegerService: jaeger,
    manifests,
  };
}

/**
 * The entity fields the overview and the mesh graph read (its ref, its annotations, the row's title,
 * owner and system): catalog lists ask for these only, not whole entities.
 */
export const MESHED_ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** Catalog filter that selects the meshed entities: any one of `SERVICE_MESH_ANNOTATIONS` set. */
export function meshedEntitiesFilter() {
  return SERVICE_MESH_ANNOTATIONS.map(key => ({
    [`metadata.annotations.${key}`]: CATALOG_FILTER_EXISTS,
  }));
}
