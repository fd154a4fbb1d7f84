/*
 * Upstream-schema validation with unknown fields rejected, for tests.
 *
 * kubernetes-models and its companions (@kubernetes-models/istio, argo-cd, cert-manager, gateway-api)
 * ship the JSON schemas generated from the upstream OpenAPI documents and CRDs only in compiled form:
 * `_schemas/*.js` are ajv standalone validators, one function per schema, and no schema JSON is in the
 * packages. Those validators check types, enums, patterns and required fields but let unknown fields
 * through. A compiled validator reads every property its schema declares (`void 0 !== data.port`) and
 * enumerates the keys of a map (`additionalProperties`); so the validator is run on a proxy that
 * records what it reads, and any key of an object that declares properties which the validator never
 * read is an unknown field. That is `additionalProperties: false` on every object schema with
 * properties; objects without declared properties (`x-kubernetes-preserve-unknown-fields`, such as
 * Helm `valuesObject`) and maps keep any key, as the API server does.
 *
 * One loss in the packages' compilation: a property named `description` is missing from the compiled
 * validators (the schema documentation of that name is stripped, and the property with it), while
 * the packages' own type declarations keep it. Those properties are listed in COMPILED_WITHOUT.
 */
import { loadModels } from '../generator/models';

type ModelClass = {
  apiVersion: string;
  kind: string;
  prototype: { validate(this: unknown): void };
};

/**
 * Fields of the upstream schemas that the compiled validators lost (see above), by apiVersion/kind:
 * Argo CD's AppProject `spec.description` (argo-cd `pkg/apis/application/v1alpha1/types.go`).
 */
const COMPILED_WITHOUT: Record<string, string[]> = {
  'argoproj.io/v1alpha1/AppProject': ['spec.description'],
};

interface Visit {
  path: string;
  value: Record<string, unknown>;
  read: Set<string>;
  enumerated: boolean;
}

function tracked(value: unknown, path: string, visits: Visit[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const visit: Visit = {
    path,
    value: value as Record<string, unknown>,
    read: new Set(),
    enumerated: false,
  };
  if (!Array.isArray(value)) visits.push(visit);
  const children = new Map<string, unknown>();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      visit.read.add(key);
      if (!Object.prototype.hasOwnProperty.call(target, key)) return child;
      if (!children.has(key)) {
        const childPath = Array.isArray(target)
          ? `${path}[${key}]`
          : `${path}${path ? '.' : ''}${key}`;
        children.set(key, tracked(child, childPath, visits));
      }
      return children.get(key);
    },
    ownKeys(target) {
      visit.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * The problems of one object against its upstream schema: the schema's own errors, then each unknown
 * field by its path (`spec.listeners[0].tls.certificateRef: unknown field`).
 */
export function strictProblems(model: ModelClass, object: unknown): string[] {
  const lost = COMPILED_WITHOUT[`${model.apiVersion}/${model.kind}`] ?? [];
  const visits: Visit[] = [];
  const problems: string[] = [];
  try {
    model.prototype.validate.call(tracked(object, '', visits));
  } catch (e) {
    problems.push(`schema: ${(e as Error).message}`);
  }
  for (const visit of visits) {
    if (visit.enumerated || visit.read.size === 0) continue;
    for (const key of Object.keys(visit.value)) {
      const path = `${visit.path}${visit.path ? '.' : ''}${key}`;
      if (!visit.read.has(key) && !lost.includes(path)) {
        problems.push(`${path}: unknown field`);
      }
    }
  }
  return problems;
}

/** The model classes the generator uses, by `apiVersion/kind`. */
export async function modelsByKind(): Promise<Map<string, ModelClass>> {
  const models = Object.values(await loadModels()) as unknown as ModelClass[];
  return new Map(models.map(m => [`${m.apiVersion}/${m.kind}`, m]));
}

/** Validates objects strictly by their apiVersion and kind; an object of an unknown kind is a problem. */
export async function strictValidator() {
  const byKind = await modelsByKind();
  return (object: { apiVersion: string; kind: string }): string[] => {
    const model = byKind.get(`${object.apiVersion}/${object.kind}`);
    return model
      ? strictProblems(model, object)
      : [`no schema for ${object.apiVersion} ${object.kind}`];
  };
}
