/*
 * Kubernetes label selectors (the grammar of `kubectl get -l`), parsed strictly so that an annotation
 * value can never change an Argo CD query: only valid keys, operators and values get through, and the
 * selector sent upstream is re-serialised from the parsed form.
 */
import { isKubernetesName } from '@meshport/plugin-service-mesh-common';

/** One requirement of a label selector. */
export type LabelRequirement =
  | { key: string; operator: '=' | '!='; value: string }
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | '!exists' };

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth < 0) throw new Error('unbalanced ")"');
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw new Error('unbalanced "("');
  parts.push(current);
  return parts;
}

function checkKey(key: string): string {
  if (!isKubernetesName(key, 'label-key'))
    throw new Error(`"${key}" is not a valid label key`);
  return key;
}

function checkValue(value: string): string {
  if (!isKubernetesName(value, 'label-value')) {
    throw new Error(`"${value}" is not a valid label value`);
  }
  return value;
}

/**
 * Parses a label selector. Throws an `Error` saying what is wrong for anything outside the grammar:
 * regex operators, quotes, braces, control characters, over-long keys or values.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.length > 1024) {
    throw new Error('longer than 1024 characters');
  }
  if (/[^\x20-\x7e]/.test(selector)) {
    throw new Error('contains control or non-ASCII characters');
  }
  if (!selector.trim()) throw new Error('is empty');
  return splitTopLevel(selector).map(raw => {
    const part = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (set) {
      const values = set[3].split(',').map(v => checkValue(v.trim()));
      if (values.length === 0) throw new Error(`"${part}" has no values`);
      return {
        key: checkKey(set[1]),
        operator: set[2] as 'in' | 'notin',
        values,
      };
    }
    const inequality = /^([^=!\s]+)\s*!=\s*(.*)$/.exec(part);
    if (inequality) {
      return {
        key: checkKey(inequality[1]),
        operator: '!=',
        value: checkValue(inequality[2].trim()),
      };
    }
    const equality = /^([^=!\s]+)\s*==?\s*(.*)$/.exec(part);
    if (equality) {
      return {
        key: checkKey(equality[1]),
        operator: '=',
        value: checkValue(equality[2].trim()),
      };
    }
    if (part.startsWith('!')) {
      return { key: checkKey(part.slice(1).trim()), operator: '!exists' };
    }
    return { key: checkKey(part), operator: 'exists' };
  });
}

/** The canonical text of a parsed selector, as sent to Argo CD. */
export function formatLabelSelector(requirements: LabelRequirement[]): string {
  return requirements
    .map(r => {
      switch (r.operator) {
        case '=':
        case '!=':
          return `${r.key}${r.operator}${r.value}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        default:
          return `!${r.key}`;
      }
    })
    .join(',');
}

/** True when the labels satisfy every requirement (Kubernetes semantics). */
export function matchesLabelSelector(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const all = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(all, r.key);
    switch (r.operator) {
      case '=':
        return has && all[r.key] === r.value;
      case '!=':
        return !has || all[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(all[r.key]);
      case 'notin':
        return !has || !r.values.includes(all[r.key]);
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}
