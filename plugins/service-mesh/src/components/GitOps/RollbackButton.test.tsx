import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  RollbackPreview,
  RollbackResult,
} from '@meshport/plugin-service-mesh-common';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { RollbackButton } from './RollbackButton';

const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'search' };
const FROM = 'c0ffee0000000000000000000000000000000001';
const TO = 'feed000000000000000000000000000000000002';
const COMMIT = 'abcdef0000000000000000000000000000000003';
const preview: RollbackPreview = {
  environment: 'prod',
  applicationPath: 'deploy/argocd/prod.yaml',
  from: { targetRevision: 'main', commit: FROM },
  to: { targetRevision: TO, commit: TO },
  files: [{ path: 'deploy/base/virtualservice.yaml', change: 'modified' }],
  diff: '--- a/deploy/base/virtualservice.yaml\n+++ b/deploy/base/virtualservice.yaml\n-          weight: 50\n+          weight: 90\n',
};

const CHANGE = {
  commit: COMMIT,
  branch: 'main',
  files: [{ path: 'deploy/argocd/prod.yaml', change: 'modified' as const }],
};
const PULL_REQUEST = {
  number: 7,
  url: 'https://github.com/acme/search/pull/7',
  branch: 'meshport/rollback-prod-abcdef0',
  commit: COMMIT,
};

/** The rollback route; `github`: the repository is on GitHub, the change a pull request. */
function backend(github = false) {
  const bodies: unknown[] = [];
  server.use(
    http.post(
      `${backendUrl}/entities/Component/default/search/rollback`,
      async ({ request }) => {
        const body = (await request.json()) as { mode: string };
        bodies.push(body);
        const proposal: RollbackResult = github
          ? {
              mode: 'propose',
              preview,
              repository: 'github',
              change: { ...CHANGE, branch: PULL_REQUEST.branch },
              pullRequest: PULL_REQUEST,
            }
          : { mode: 'propose', preview, repository: 'local', change: CHANGE };
        const answer: RollbackResult =
          body.mode === 'preview' ? { mode: 'preview', preview } : proposal;
        return HttpResponse.json(answer);
      },
    ),
  );
  return bodies;
}

describe('RollbackButton', () => {
  it('is not shown without service-mesh.gitops.rollback', async () => {
    const bodies = backend();
    await renderWithApis(
      <RollbackButton entityRef={entityRef} environment="prod" revision={TO} />,
      { allow: ['service-mesh.gitops.canary'] },
    );
    expect(
      screen.queryByRole('button', { name: 'Roll back to this revision' }),
    ).toBeNull();
    expect(bodies).toEqual([]);
  });

  it('shows the diff, asks for a reason, proposes the rollback and shows the commit', async () => {
    const bodies = backend();
    await renderWithApis(
      <RollbackButton entityRef={entityRef} environment="prod" revision={TO} />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to this revision' }),
    );
    expect(await screen.findByLabelText('Diff')).toHaveTextContent(
      '- weight: 50 + weight: 90',
      { normalizeWhitespace: true },
    );
    expect(
      screen.getByText(/deploy\/argocd\/prod\.yaml will pin prod to feed000/),
    ).toHaveTextContent(
      'deploy/argocd/prod.yaml will pin prod to feed000 (now main at c0ffee0). What Argo CD will deploy differently:',
    );
    const propose = screen.getByRole('button', { name: 'Propose rollback' });
    expect(propose).toBeDisabled();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'v2 broke search',
    );
    await userEvent.click(propose);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Rollback of prod to feed000 proposed: commit abcdef0 on main (deploy/argocd/prod.yaml). Argo CD deploys it at its next sync.',
    );
    expect(bodies).toEqual([
      { environment: 'prod', revision: TO, mode: 'preview' },
      {
        environment: 'prod',
        revision: TO,
        mode: 'propose',
        reason: 'v2 broke search',
      },
    ]);
  });

  it('on GitHub shows "rollback proposed: PR #7", linked to the pull request', async () => {
    backend(true);
    await renderWithApis(
      <RollbackButton entityRef={entityRef} environment="prod" revision={TO} />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to this revision' }),
    );
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Reason/ }),
      'v2 broke search',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Propose rollback' }),
    );
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(
      'Rollback of prod to feed000: rollback proposed: PR #7, Opens in a new window (branch meshport/rollback-prod-abcdef0: deploy/argocd/prod.yaml). Argo CD deploys it once the pull request is merged.',
    );
    expect(
      screen.getByRole('link', { name: 'PR #7, Opens in a new window' }),
    ).toHaveAttribute('href', 'https://github.com/acme/search/pull/7');
  });

  it('shows the backend’s refusal, naming the file', async () => {
    server.use(
      http.post(
        `${backendUrl}/entities/Component/default/search/rollback`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message:
                  'deploy/base/destinationrule.yaml: has uncommitted changes',
              },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
      ),
    );
    await renderWithApis(
      <RollbackButton entityRef={entityRef} environment="prod" revision={TO} />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to this revision' }),
    );
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Rollback of prod to feed000: deploy/base/destinationrule.yaml: has uncommitted changes (HTTP 400)',
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Propose rollback' }),
    ).toBeDisabled();
  });
});
