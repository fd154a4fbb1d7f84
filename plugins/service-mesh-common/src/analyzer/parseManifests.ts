import { parseAllDocuments, type YAMLError } from 'yaml';
import { KubeObject } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toKubeObject(value: unknown, where: string): KubeObject {
  if (!isRecord(value)) {
    throw new Error(
      `${where}: expected a Kubernetes object (a mapping), got ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  }
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || !apiVersion) {
    throw new Error(`${where}: apiVersion must be a non-empty string`);
  }
  if (typeof kind !== 'string' || !kind) {
    throw new Error(`${where}: kind must be a non-empty string`);
  }
  if (
    !isRecord(metadata) ||
    typeof metadata.name !== 'string' ||
    !metadata.name
  ) {
    throw new Error(
      `${where}: metadata.name must be a non-empty string (${kind})`,
    );
  }
  return value as KubeObject;
}

/**
 * A YAML error by its code and position only: the library's own message quotes the source around the
 * error, and the file may not be a manifest at all (its text must never reach a finding).
 */
function yamlProblem(error: YAMLError): string {
  const at = error.linePos?.[0];
  return `invalid YAML (${error.code})${at ? ` at line ${at.line}, column ${at.col}` : ''}`;
}

/**
 * Parses multi-document YAML into Kubernetes objects. Empty documents are skipped and `kind: List`
 * objects are expanded into their items. Throws an Error naming the document on bad YAML (by code and
 * position, never quoting the text) or on a document that is not a Kubernetes object.
 */
export function parseManifests(yamlText: string): KubeObject[] {
  const objects: KubeObject[] = [];
  parseAllDocuments(yamlText, { uniqueKeys: true }).forEach((doc, index) => {
    const where = `document ${index + 1}`;
    if (doc.errors.length > 0) {
      throw new Error(`${where}: ${yamlProblem(doc.errors[0])}`);
    }
    let value: unknown;
    try {
      // maxAliasCount bounds alias expansion ("billion laughs").
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      // The library's message names the alias, which is text of the file.
      throw new Error(
        `${where}: invalid YAML (an unresolved or excessive alias)`,
      );
    }
    if (value === null || value === undefined) {
      return;
    }
    if (
      isRecord(value) &&
      value.kind === 'List' &&
      Array.isArray(value.items)
    ) {
      value.items.forEach((item, i) =>
        objects.push(toKubeObject(item, `${where}, item ${i + 1}`)),
      );
      return;
    }
    objects.push(toKubeObject(value, where));
  });
  return objects;
}
