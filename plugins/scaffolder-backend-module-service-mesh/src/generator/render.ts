import {
  Document,
  isMap,
  isScalar,
  isSeq,
  Node,
  parseDocument,
  visit,
} from 'yaml';

/** How every Meshport YAML file is written, by the generator and by the GitOps edits alike. */
export const YAML_OUTPUT = {
  lineWidth: 0,
  indentSeq: true,
  // Single quotes, as the repository's prettier configuration writes YAML.
  singleQuote: true,
} as const;

/** YAML 1.1, so that "yes" or "on" stay strings for Kubernetes' YAML parser. */
export const YAML_VERSION = '1.1';

/**
 * Serializes one object to YAML with a header comment and comments before chosen keys. `comments`
 * maps a dotted path (`spec.template.spec.securityContext`, array items by index) to a comment.
 * YAML 1.1 quoting, so that "yes" or "on" stay strings for Kubernetes' YAML parser. Output depends only on the object and the comments: key order is the object's, no line folding.
 */
export function renderYaml(
  value: unknown,
  header: string,
  comments: Record<string, string> = {},
): string {
  const doc = new Document(value, {
    aliasDuplicateObjects: false,
    version: YAML_VERSION,
  });
  doc.commentBefore = header
    .split('\n')
    .map(l => (l ? ` ${l}` : ''))
    .join('\n');
  for (const [path, comment] of Object.entries(comments)) {
    const keys = path.split('.').map(k => (/^\d+$/.test(k) ? Number(k) : k));
    const last = keys.pop()!;
    const parent: Node | undefined = keys.length
      ? (doc.getIn(keys, true) as Node)
      : doc.contents!;
    const text = comment
      .split('\n')
      .map(l => ` ${l}`)
      .join('\n');
    if (isMap(parent)) {
      const pair = parent.items.find(
        p => isScalar(p.key) && p.key.value === last,
      );
      if (!pair || !isScalar(pair.key))
        throw new Error(`no key at ${path} to comment`);
      pair.key.commentBefore = text;
    } else if (
      isSeq(parent) &&
      typeof last === 'number' &&
      parent.items[last]
    ) {
      (parent.items[last] as Node).commentBefore = text;
    } else {
      throw new Error(`no node at ${path} to comment`);
    }
  }
  return doc.toString(YAML_OUTPUT);
}

/** True when the comment lines before the key at `keyStart` begin right after a sequence dash. */
function commentAfterDash(text: string, keyStart: number): boolean {
  const lines = text.slice(0, keyStart).split('\n');
  lines.pop(); // the key's own line up to the key
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trimStart();
    if (line.startsWith('- #')) return true;
    if (!line.startsWith('#')) return false;
  }
  return false;
}

/**
 * Parses a file `renderYaml` wrote, for structural edits that write it back with `YAML_OUTPUT`
 * byte for byte. The parser attaches a comment after a sequence item's dash (`- # ...`, a comment on
 * the item's first key) to the item itself, which would print it above the dash; it goes back to the key.
 */
export function parseYaml(text: string): Document {
  const doc = parseDocument(text, { version: YAML_VERSION });
  visit(doc, {
    Seq(_, seq) {
      for (const item of seq.items) {
        const first = isMap(item) ? item.items[0]?.key : undefined;
        if (
          isMap(item) &&
          item.commentBefore &&
          isScalar(first) &&
          first.range &&
          commentAfterDash(text, first.range[0])
        ) {
          first.commentBefore = item.commentBefore;
          item.commentBefore = undefined;
        }
      }
    },
  });
  return doc;
}
