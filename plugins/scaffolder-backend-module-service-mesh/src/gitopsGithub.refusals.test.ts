/*
 * The GitOps actions on a GitHub repository as a real scaffolder task (__testUtils__/githubScaffolder),
 * when GitHub refuses the pull request, and in the scaffolder's dry run.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  setupGithubScaffolder,
  template,
  TOKEN,
} from './__testUtils__/githubScaffolder';

jest.setTimeout(120_000);

describe('the GitOps actions on a GitHub repository, refused and dry-run', () => {
  const gh = setupGithubScaffolder();

  it('fails the task when GitHub refuses the pull request, without the token in any error text', async () => {
    gh.answerPulls(422);
    gh.requests.length = 0;
    const { error, events } = await gh.run();
    expect(error).toMatch(
      /^GitHub refused the pull request from meshport\/rollback-prod-[0-9a-f]{7} into main of acme\/search: 422 Validation Failed for token \*\*\*$/,
    );
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(gh.requests.map(r => r.path).at(-1)).toBe(
      '/repos/acme/search/pulls',
    );
  });

  it('dry-runs the template: clones and checks each step, pushes nothing, opens no pull request', async () => {
    gh.answerPulls(201);
    gh.requests.length = 0;
    const refs = () =>
      gh.git('for-each-ref', '--format=%(refname) %(objectname)');
    const before = refs();
    const res = await request(gh.server())
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header('user:default/guest'))
      .send({
        template,
        values: { revision: gh.generated() },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    const clone = [
      'GET git /acme/search.git/info/refs?service=git-upload-pack',
      'POST git /acme/search.git/git-upload-pack',
    ];
    expect(gh.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      ...clone,
      ...clone,
    ]);
    expect(refs()).toBe(before);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
  });
});
