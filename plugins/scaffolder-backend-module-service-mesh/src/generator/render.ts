import { Document, isMap, isScalar, isSeq, Node } from 'yaml';

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
    version: '1.1',
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
  // Single quotes, as the repository's prettier configuration writes YAML.
  return doc.toString({ lineWidth: 0, indentSeq: true, singleQuote: true });
}
