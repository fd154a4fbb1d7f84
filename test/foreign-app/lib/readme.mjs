// The README's installation steps, read from its installation section and applied to the generated app
// as written: the shell commands run (with the packed tarballs standing in for the registry), the code
// goes where the text says, the YAML is merged into app-config.yaml.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parse, parseDocument } from 'yaml';

const SECTION = '## Installing the plugins into your own Backstage app';

/**
 * Where each file a README step names lives in the generated app: create-app's legacy template writes
 * its app to `packages/app`, which the combined app holds as `packages/app-legacy`.
 */
const FILES = {
  'packages/backend/src/index.ts': 'packages/backend/src/index.ts',
  'packages/app/src/components/catalog/EntityPage.tsx':
    'packages/app-legacy/src/components/catalog/EntityPage.tsx',
  'app-config.yaml': 'app-config.yaml',
};

/** The fenced code blocks of the installation section: `{ lang, body, target }`, target from the first-line comment. */
export function installationBlocks(readme) {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(
    ([, lang, body]) => ({
      lang,
      body,
      target: body.match(/^(?:\/\/|#) (\S+)\n/)?.[1],
    }),
  );
  for (const block of blocks) {
    if (block.lang !== 'sh' && !(block.target in FILES)) {
      throw new Error(
        `README installation step (${block.lang}) names "${block.target}", which the foreign-app test does not know how to apply`,
      );
    }
  }
  for (const file of Object.keys(FILES)) {
    if (!blocks.some(b => b.target === file)) {
      throw new Error(`README installation section has no step for ${file}`);
    }
  }
  return blocks;
}

/**
 * The `npm install` commands of the shell steps as argument lists, each `@meshport/*` package replaced
 * by its tarball; a command for the `app` workspace also installs into `app-legacy`.
 */
export function installCommands(blocks, tarballs) {
  const lines = blocks
    .filter(b => b.lang === 'sh')
    .flatMap(b => b.body.split('\n'))
    .filter(line => line.startsWith('npm install '));
  if (lines.length === 0)
    throw new Error('README installation section has no `npm install` step');
  return lines.map(line =>
    line
      .split(/\s+/)
      .slice(1)
      .flatMap(arg => {
        if (arg.startsWith('@meshport/')) {
          if (!tarballs[arg])
            throw new Error(
              `README installs ${arg}, which is not one of the packed plugins`,
            );
          return [tarballs[arg]];
        }
        return arg === 'app' ? ['app', '--workspace', 'app-legacy'] : [arg];
      }),
  );
}

function edit(appDir, readmePath, change) {
  const file = join(appDir, FILES[readmePath]);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

function codeOf(block) {
  return block.body.replace(/^\/\/ .*\n/, '');
}

/** Imports go after the file's last import; returns `[imports, rest]` of a snippet. */
function splitImports(code) {
  const imports = code.match(/^import [\s\S]*?;\n/gm) ?? [];
  return [
    imports.join(''),
    imports.reduce((rest, i) => rest.replace(i, ''), code).trim(),
  ];
}

function insertImports(source, imports) {
  const all = [...source.matchAll(/^import [\s\S]*?;\n/gm)];
  const at = all.length ? all.at(-1).index + all.at(-1)[0].length : 0;
  return source.slice(0, at) + imports + source.slice(at);
}

function insertAfter(source, anchor, text, what) {
  const at = source.indexOf(anchor);
  if (at < 0) throw new Error(`${what}: "${anchor}" not found`);
  return (
    source.slice(0, at + anchor.length) +
    text +
    source.slice(at + anchor.length)
  );
}

/** Backend: the snippet's lines before `backend.start();`. */
function applyBackend(appDir, block) {
  edit(appDir, block.target, source => {
    const anchor = '\nbackend.start();';
    if (!source.includes(anchor))
      throw new Error('packages/backend/src/index.ts has no backend.start()');
    return source.replace(anchor, `\n${codeOf(block).trim()}\n${anchor}`);
  });
}

/** Legacy entity page: the imports, then the route in `serviceEntityPage` after its Overview route. */
function applyEntityPage(appDir, block) {
  edit(appDir, block.target, source => {
    const [imports, route] = splitImports(codeOf(block));
    const withImports = insertImports(source, imports);
    const page = withImports.indexOf('const serviceEntityPage = (');
    if (page < 0) throw new Error('EntityPage.tsx has no serviceEntityPage');
    return (
      withImports.slice(0, page) +
      insertAfter(
        withImports.slice(page),
        '</EntityLayout.Route>\n',
        `${route}\n`,
        'serviceEntityPage',
      )
    );
  });
}

/** Config: each key of the snippet set in app-config.yaml, keeping the file's other keys and comments. */
function applyConfig(appDir, block) {
  edit(appDir, block.target, source => {
    const doc = parseDocument(source);
    const merge = (value, path) => {
      for (const [key, child] of Object.entries(value)) {
        const at = [...path, key];
        if (
          child &&
          typeof child === 'object' &&
          !Array.isArray(child) &&
          isMap(doc.getIn(at, true))
        ) {
          merge(child, at);
        } else {
          doc.setIn(at, child);
        }
      }
    };
    merge(parse(block.body), []);
    return doc.toString({ lineWidth: 0 });
  });
}

const APPLY = {
  'packages/backend/src/index.ts': applyBackend,
  'packages/app/src/components/catalog/EntityPage.tsx': applyEntityPage,
  'app-config.yaml': applyConfig,
};

/** Applies every code and config step of the section (the shell steps are `installCommands`). */
export function applyCodeSteps(appDir, blocks) {
  for (const block of blocks.filter(b => b.lang !== 'sh')) {
    APPLY[block.target](appDir, block);
  }
}
