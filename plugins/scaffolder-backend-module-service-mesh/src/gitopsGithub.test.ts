/*
 * The GitOps actions on a GitHub repository as a real scaffolder task (__testUtils__/githubScaffolder):
 * a pull request per step, the exact conversation with GitHub, the pushed trees; the refused pull
 * request and the dry run are in gitopsGithub.refusals.test.ts.
 */
import { setupGithubScaffolder, TOKEN } from './__testUtils__/githubScaffolder';
import { gitopsFixture, readBranch, readTree } from './testUtils/gitRepos';

jest.setTimeout(120_000);

describe('the GitOps actions on a GitHub repository, in the real scaffolder', () => {
  const gh = setupGithubScaffolder();

  it('opens a pull request per step, from a branch holding exactly the changed tree', async () => {
    const { error, output, events } = await gh.run();
    expect(error).toBeUndefined();
    expect(output).toEqual({
      rollback: 'https://github.com/acme/search/pull/41',
      rollbackNumber: 41,
      promote: 'https://github.com/acme/search/pull/42',
    });
    const branches = gh
      .git('for-each-ref', '--format=%(refname:short)', 'refs/heads')
      .trim()
      .split('\n');
    const [promoteBranch] = branches.filter(b =>
      b.startsWith('meshport/canary-promote-'),
    );
    const [rollbackBranch] = branches.filter(b =>
      b.startsWith('meshport/rollback-prod-'),
    );
    expect(branches).toEqual(['main', promoteBranch, rollbackBranch]);

    // The exact conversation with GitHub, in order: clone, push, pull request — twice.
    const step = (branch: string) => [
      'GET git /acme/search.git/info/refs?service=git-upload-pack',
      'POST git /acme/search.git/git-upload-pack',
      'GET git /acme/search.git/info/refs?service=git-receive-pack',
      'POST git /acme/search.git/git-receive-pack',
      `POST /repos/acme/search/pulls ${branch}`,
    ];
    expect(
      gh.requests.map(
        r => `${r.method} ${r.path}${r.body ? ` ${r.body.head}` : ''}`,
      ),
    ).toEqual([...step(rollbackBranch), ...step(promoteBranch)]);
    const main = gh.git('rev-parse', 'main').trim();
    expect(gh.requests[4].body).toEqual({
      title: `Roll back prod to ${gh.generated().slice(0, 12)} (from main at ${main.slice(0, 12)})`,
      body: 'v2 at 50 % raised the error ratio in prod\n\nRequested-by: user:default/guest\n\nEntity: http://localhost:3000/catalog/default/component/search\n\nProposed through Meshport.',
      head: rollbackBranch,
      base: 'main',
    });
    expect(gh.requests[9].body).toEqual({
      title: 'Promote canary v2; remove v1',
      body: 'v2 is within the SLO\n\nRequested-by: user:default/guest\nCanary-Analysis: pass: v2 error ratio 0.1 % <= 1 %\n\nEntity: http://localhost:3000/catalog/default/component/search\n\nProposed through Meshport.',
      head: promoteBranch,
      base: 'main',
    });
    // Every request carried the integration's token, never in a URL, the clone's config or the log.
    expect([...gh.authorizations].sort()).toEqual([
      `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
      `token ${TOKEN}`,
    ]);
    expect(gh.cloneConfigs.length).toBeGreaterThan(0);
    expect(
      gh.cloneConfigs.filter(
        c => c.includes(TOKEN) || c.includes('x-access-token'),
      ),
    ).toEqual([]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);

    // The branches: one commit on main each; the rollback changes only prod's Application.
    expect(
      gh
        .git('rev-parse', `${rollbackBranch}^`, `${promoteBranch}^`)
        .trim()
        .split('\n'),
    ).toEqual([main, main]);
    expect(gh.git('diff', '--name-only', 'main', rollbackBranch).trim()).toBe(
      'deploy/argocd/prod.yaml',
    );
    const treeOf = (branch: string) => readBranch(gh.bareDir(), branch);
    expect(treeOf(rollbackBranch)).toEqual(
      readTree(gitopsFixture('rollback-prod')),
    );
    expect(treeOf(promoteBranch)).toEqual(readTree(gitopsFixture('promote')));
  });
});
