import { registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  CanaryAnalysisResult,
  CanaryStepResult,
} from '@meshport/plugin-service-mesh-common';
import {
  backendUrl,
  cellText,
  renderWithApis,
} from '../../__testUtils__/render';
import { CanarySection } from './CanarySection';

const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'search' };
const ENTITY = `${backendUrl}/entities/Component/default/search`;
const COMMIT = 'abcdef0000000000000000000000000000000003';
const canary = {
  service: 'search',
  stable: 'v1',
  canary: 'v2',
  stableWeight: 90,
  canaryWeight: 10,
};
const thresholds = {
  windowSeconds: 600,
  minRequests: 100,
  maxErrorRatioIncrease: 0.01,
  maxLatencyP99Ratio: 1.5,
};
function analysis(verdict: 'pass' | 'fail'): CanaryAnalysisResult {
  return {
    environment: 'prod',
    canary,
    analysis: {
      verdict,
      summary:
        verdict === 'pass'
          ? 'canary v2: 600 requests, 0.2% 5xx, p99 110 ms; stable v1: 5400 requests, 0.11% 5xx, p99 100 ms over 10m'
          : 'error ratio: canary 10% > stable 0.11% + 1%',
      stable: {
        version: 'v1',
        requests: 5400,
        errorRatio: 0.0011,
        latencyP99Ms: 100,
      },
      canary: {
        version: 'v2',
        requests: 600,
        errorRatio: verdict === 'pass' ? 0.002 : 0.1,
        latencyP99Ms: 110,
      },
      thresholds,
    },
  };
}

/** The canary routes; `github`: the repository is on GitHub, each step a pull request. */
function backend(verdict: 'pass' | 'fail', github = false) {
  const steps: unknown[] = [];
  const change = {
    commit: COMMIT,
    branch: 'main',
    files: [
      { path: 'deploy/base/virtualservice.yaml', change: 'modified' as const },
    ],
  };
  let analyses = 0;
  server.use(
    http.get(`${ENTITY}/canary/analysis`, ({ request }) => {
      analyses += 1;
      expect(new URL(request.url).searchParams.get('environment')).toBe('prod');
      return HttpResponse.json(analysis(verdict));
    }),
    http.post(`${ENTITY}/canary`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      steps.push(body);
      const { environment, reason, override, ...step } = body;
      const answer: CanaryStepResult = {
        environment: 'prod',
        step: step as CanaryStepResult['step'],
        canary,
        analysis: analysis(verdict).analysis,
        overridden: verdict === 'fail' && override === true,
        ...(github
          ? {
              repository: 'github',
              change: { ...change, branch: 'meshport/canary-abort-abcdef0' },
              pullRequest: {
                number: 9,
                url: 'https://github.com/acme/search/pull/9',
                branch: 'meshport/canary-abort-abcdef0',
                commit: COMMIT,
              },
            }
          : { repository: 'local', change }),
      };
      return HttpResponse.json(answer);
    }),
  );
  return { steps, analyses: () => analyses };
}

async function open(allow?: string[]) {
  await renderWithApis(
    <CanarySection entityRef={entityRef} environment="prod" />,
    {
      allow,
    },
  );
}

describe('CanarySection', () => {
  it('is not shown without service-mesh.gitops.canary, and reads nothing', async () => {
    const calls = backend('pass');
    await open(['service-mesh.gitops.rollback']);
    expect(screen.queryByText('Canary (GitOps)')).toBeNull();
    expect(calls.analyses()).toBe(0);
  });

  it('shows the split and the passing analysis once opened, and moves the canary to 50 %', async () => {
    const calls = backend('pass');
    await open();
    expect(calls.analyses()).toBe(0);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Canary of prod' }),
    );
    expect(await screen.findByText('v1: 90 % · v2: 10 %')).toBeInTheDocument();
    const chip = document.querySelector<HTMLElement>('[data-level]')!;
    expect(cellText(chip.parentElement!)).toBe('ok:Analysis: pass');
    expect(screen.getByText(/^canary v2: 600 requests/)).toBeInTheDocument();
    const slider = screen.getByRole('slider');
    for (let i = 0; i < 8; i++)
      fireEvent.keyDown(slider, { key: 'ArrowRight' });
    const apply = screen.getByRole('button', { name: 'Set canary to 50 %' });
    expect(apply).toBeDisabled(); // no reason yet
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'v2 is healthy',
    );
    await userEvent.click(apply);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Canary v2 at 50 %: commit abcdef0 on main (deploy/base/virtualservice.yaml). Argo CD deploys it at its next sync.',
    );
    expect(calls.steps).toEqual([
      {
        step: 'set-weights',
        canaryWeight: 50,
        environment: 'prod',
        reason: 'v2 is healthy',
        override: false,
      },
    ]);
  });

  it('requires an explicit override after a failing analysis; abort is never blocked', async () => {
    const calls = backend('fail');
    await open();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Canary of prod' }),
    );
    expect(
      await screen.findByText('error ratio: canary 10% > stable 0.11% + 1%'),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Reason/ }),
      'known flaky dependency',
    );
    const promote = screen.getByRole('button', { name: 'Promote v2' });
    expect(promote).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Abort v2' })).toBeEnabled();
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Override the failing analysis (recorded in the commit)',
      }),
    );
    await waitFor(() => expect(promote).toBeEnabled());
    await userEvent.click(promote);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Promote v2: commit abcdef0 on main',
    );
    expect(calls.steps).toEqual([
      {
        step: 'promote',
        environment: 'prod',
        reason: 'known flaky dependency',
        override: true,
      },
    ]);
  });

  it('on GitHub shows "canary step proposed: PR #9", linked to the pull request', async () => {
    backend('pass', true);
    await open();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Canary of prod' }),
    );
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Reason/ }),
      'v2 fails',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Abort v2' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Abort v2, keep v1: canary step proposed: PR #9, Opens in a new window (branch meshport/canary-abort-abcdef0: deploy/base/virtualservice.yaml). Argo CD deploys it once the pull request is merged.',
    );
    expect(
      screen.getByRole('link', { name: 'PR #9, Opens in a new window' }),
    ).toHaveAttribute('href', 'https://github.com/acme/search/pull/9');
  });
});
