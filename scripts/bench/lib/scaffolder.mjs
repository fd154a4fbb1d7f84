// Section 3: the scaffolder — generate and validate the manifests of a three-environment canary service
// in process, and a dry-run of the meshed-service template through the backend's scaffolder API.
import { join } from 'node:path';
import { parse } from 'yaml';
import { BACKEND_URL } from './backend.mjs';
import { median, round, timed } from './stats.mjs';
import { loadTs, ROOT } from './ts.mjs';

const MODULE = join(ROOT, 'plugins/scaffolder-backend-module-service-mesh/src');

/** The action input of the module's own three-environment canary example. */
async function canaryInput() {
  const { examples } = await loadTs(
    join(MODULE, 'actions/generate.examples.ts'),
  );
  const example = examples.find(e =>
    /canary.*three environments/i.test(e.description),
  );
  if (!example) {
    throw new Error(
      'the generate action has no three-environment canary example to benchmark',
    );
  }
  const input = parse(example.example).steps[0].input;
  if (input.environments.length !== 3 || !input.canary) {
    throw new Error(
      'the canary example no longer has three environments and a canary',
    );
  }
  return input;
}

/** generateAndValidate: the first call (loads the schema models) and the median of `runs` more. */
export async function generateSection({ runs }) {
  const { generateAndValidate } = await loadTs(
    join(MODULE, 'testUtils/index.ts'),
  );
  const input = await canaryInput();
  const first = await timed(() => generateAndValidate(input));
  if (first.result.findings.length) {
    throw new Error(
      `the generated canary service has findings: ${first.result.findings.map(f => f.rule).join(', ')}`,
    );
  }
  const samples = [];
  for (let i = 0; i < runs; i++)
    samples.push((await timed(() => generateAndValidate(input))).ms);
  return {
    service: `${input.name}: ${input.environments.map(e => e.name).join(', ')}; canary ${input.canary.stableWeight}/${input.canary.canaryWeight}`,
    files: first.result.files.length,
    firstCallMs: round(first.ms),
    ms: round(median(samples)),
    runs,
  };
}

/** The template's dry-run through POST /api/scaffolder/v2/dry-run (publishing steps are skipped). */
export async function dryRunSection({ token, runs }) {
  const { meshedServiceTemplate, serviceValues, skeletonContents } =
    await loadTs(join(MODULE, 'testUtils/index.ts'));
  const template = meshedServiceTemplate();
  const directoryContents = skeletonContents();
  const values = {
    ...serviceValues,
    name: 'payments',
    owner: 'group:default/bench',
    exposure: 'mesh-internal',
    publishTo: 'github',
    repoUrl: 'github.com?owner=meshport-bench&repo=payments',
    environments: [
      { name: 'dev', namespace: 'payments-dev' },
      { name: 'staging', namespace: 'payments-staging' },
      { name: 'prod', namespace: 'payments' },
    ],
  };
  const once = async () => {
    const res = await fetch(`${BACKEND_URL}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        template,
        values,
        secrets: {},
        directoryContents,
      }),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`dry-run: ${res.status} ${text.slice(0, 800)}`);
    const body = JSON.parse(text);
    const paths = body.directoryContents.map(f => f.path);
    for (const expected of [
      'catalog-info.yaml',
      'deploy/argocd/prod.yaml',
      'deploy/argocd/staging.yaml',
      'server.js',
    ]) {
      if (!paths.includes(expected))
        throw new Error(`the dry-run did not produce ${expected}`);
    }
    const failed = (body.steps ?? []).filter(s => s.status === 'failed');
    if (failed.length)
      throw new Error(
        `dry-run steps failed: ${failed.map(s => s.id).join(', ')}`,
      );
    return paths.length;
  };
  const first = await timed(once);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(once)).ms);
  return {
    files: first.result,
    firstCallMs: round(first.ms),
    ms: round(median(samples)),
    runs,
  };
}
