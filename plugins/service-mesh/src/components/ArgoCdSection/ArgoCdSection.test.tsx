import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  ArgoAppStatus,
  SourceResult,
} from '@meshport/plugin-service-mesh-common';
import { checkoutStatus } from '../../__fixtures__/status';
import { backendUrl, renderWithApis } from '../../__testUtils__/render';
import { ArgoCdSection } from './ArgoCdSection';

const server = setupServer();
registerMswTestHooks(server);

const entityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };
const [prod, dev] = checkoutStatus.environments;
const appUrl = `${backendUrl}/entities/Component/default/checkout/argocd/main/applications/checkout-prod`;

async function renderSection(
  result: SourceResult<ArgoAppStatus>,
  allow?: string[],
  syncFollow = { pollMs: 5, maxPolls: 3 },
) {
  const onChanged = jest.fn();
  await renderWithApis(
    <ArgoCdSection
      entityRef={entityRef}
      result={result}
      onChanged={onChanged}
      syncFollow={syncFollow}
    />,
    { allow },
  );
  return onChanged;
}

const statusUrl = `${backendUrl}/entities/Component/default/checkout/status`;
/** The status route's answer with prod's operation replaced. */
function statusWith(operation: ArgoAppStatus['operation']) {
  const status = structuredClone(checkoutStatus);
  status.environments[0].argocd.data!.operation = operation;
  return status;
}

describe('ArgoCdSection', () => {
  it('lists the history newest first and loads a revision’s commit only when opened', async () => {
    const asked: string[] = [];
    server.use(
      http.get(
        `${appUrl}/revisions/:revision/metadata`,
        ({ params, request }) => {
          asked.push(
            `${params.revision}?${new URL(request.url).searchParams.get('appNamespace')}`,
          );
          return HttpResponse.json({
            revision: params.revision,
            author: 'Jane Doe',
            message: 'Route 10% to v3',
            tags: ['v2.0.1'],
          });
        },
      ),
    );
    await renderSection(prod.argocd);
    const entries = screen.getAllByRole('button', { name: /^Deployment / });
    expect(entries.map(e => e.getAttribute('aria-label'))).toEqual([
      'Deployment 42',
      'Deployment 41',
    ]);
    expect(entries[0]).toHaveTextContent('by jane.doe');
    // Argo CD's automated initiator reads as its UI says it.
    expect(entries[1]).toHaveTextContent('by automated sync policy');
    expect(asked).toEqual([]);

    await userEvent.click(entries[0]);
    expect(await screen.findByText('Route 10% to v3')).toBeInTheDocument();
    expect(screen.getByText('Jane Doe · tags: v2.0.1')).toBeInTheDocument();
    expect(asked).toEqual(['9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b?argocd']);
  });

  it('refreshes after confirmation, shows Argo CD’s answer and reports the change', async () => {
    const posted: string[] = [];
    server.use(
      http.post(`${appUrl}/refresh`, ({ request }) => {
        posted.push(new URL(request.url).search);
        return HttpResponse.json({
          instance: 'main',
          app: 'checkout-prod',
          action: 'refresh',
          result: 'OutOfSync',
        });
      }),
    );
    const onChanged = await renderSection(prod.argocd);
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      screen.getByText('Refresh from Git? (checkout-prod)'),
    ).toBeInTheDocument();
    expect(posted).toEqual([]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Confirm refresh' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Refresh of checkout-prod: OutOfSync',
    );
    expect(posted).toEqual(['?appNamespace=argocd']);
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('reports a sync as requested and follows it until Argo CD reports this operation finished', async () => {
    const previous = prod.argocd.data!.operation!;
    const revision = '9f1c2d3e4b5a69788c7d6e5f4a3b2c1d0e9f8a7b';
    server.use(
      http.post(`${appUrl}/sync`, () =>
        HttpResponse.json({
          instance: 'main',
          app: 'checkout-prod',
          action: 'sync',
          result: 'Requested',
          revision,
          previousStartedAt: previous.startedAt,
          requestedAt: '2026-11-26T10:13:00Z',
        }),
      ),
    );
    // The first reads still show the previous (failed) operation, then this one running, then done.
    const answers = [
      statusWith(previous),
      statusWith({
        phase: 'Running',
        startedAt: '2026-11-26T10:13:02Z',
        revision,
      }),
      statusWith({
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-26T10:13:02Z',
        finishedAt: '2026-11-26T10:13:09Z',
        revision,
      }),
    ];
    server.use(
      http.get(statusUrl, () =>
        HttpResponse.json(answers.shift() ?? answers[0]),
      ),
    );
    const onChanged = await renderSection(prod.argocd, undefined, {
      pollMs: 500,
      maxPolls: 10,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Sync' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm sync' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Sync of checkout-prod to 9f1c2d3: requested. Waiting for Argo CD to start it…',
    );
    expect(onChanged).not.toHaveBeenCalled();
    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'Sync of checkout-prod to 9f1c2d3: Succeeded — successfully synced (all tasks run)',
        ),
      { timeout: 5000 },
    );
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('says plainly that a sync was only requested when Argo CD never reports it', async () => {
    server.use(
      http.post(`${appUrl}/sync`, () =>
        HttpResponse.json({
          instance: 'main',
          app: 'checkout-prod',
          action: 'sync',
          result: 'Requested',
          previousStartedAt: prod.argocd.data!.operation!.startedAt,
        }),
      ),
      http.get(statusUrl, () => HttpResponse.json(checkoutStatus)),
    );
    await renderSection(prod.argocd);
    await userEvent.click(screen.getByRole('button', { name: 'Sync' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm sync' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Sync of checkout-prod: requested. Argo CD has not reported it yet: see the application in Argo CD.',
      ),
    );
  });

  it('loads each revision of a multi-source deploy from its own source, and shows the sources’ parameters', async () => {
    const asked: string[] = [];
    server.use(
      http.get(
        `${appUrl}/revisions/:revision/metadata`,
        ({ params, request }) => {
          asked.push(`${params.revision}?${new URL(request.url).searchParams}`);
          return HttpResponse.json({
            revision: params.revision,
            message: `commit ${params.revision}`,
          });
        },
      ),
    );
    const app = structuredClone(prod.argocd.data!);
    app.sources = [
      {
        repoURL: 'https://charts.example.com',
        chart: 'checkout',
        targetRevision: '2.0.1',
        helm: {
          valueFiles: ['$values/prod.yaml'],
          parameters: [{ name: 'replicaCount', value: '3' }],
        },
      },
      {
        repoURL: 'https://github.com/acme/values.git',
        targetRevision: 'main',
        ref: 'values',
      },
    ];
    app.history = [
      {
        id: 5,
        revision: '2.0.1',
        revisions: ['2.0.1', 'abcdef0123456789abcdef0123456789abcdef01'],
        deployedAt: '2026-11-26T09:58:40Z',
      },
    ];
    await renderSection({ ...prod.argocd, data: app });
    expect(screen.getByLabelText('Sources')).toHaveTextContent(
      'Source 1: https://charts.example.com chart checkout @ 2.0.1Helm value files: $values/prod.yamlHelm parameters: replicaCount=3Source 2: https://github.com/acme/values.git @ main (ref values)',
    );
    const entry = screen.getByRole('button', { name: 'Deployment 5' });
    // No initiator recorded: nothing is made up.
    expect(entry).not.toHaveTextContent(' by ');
    await userEvent.click(entry);
    expect(
      await screen.findByText(
        'commit abcdef0123456789abcdef0123456789abcdef01',
      ),
    ).toBeInTheDocument();
    expect(asked.sort()).toEqual([
      '2.0.1?appNamespace=argocd&sourceIndex=0',
      'abcdef0123456789abcdef0123456789abcdef01?appNamespace=argocd&sourceIndex=1',
    ]);
  });

  it('shows only the actions the caller may run', async () => {
    await renderSection(prod.argocd, ['service-mesh.argocd.refresh']);
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sync' })).toBeNull();
  });

  it('offers "Roll back to this revision" on earlier deployments of a named environment only', async () => {
    server.use(
      http.get(`${appUrl}/revisions/:revision/metadata`, ({ params }) =>
        HttpResponse.json({ revision: params.revision }),
      ),
    );
    const onChanged = jest.fn();
    await renderWithApis(
      <ArgoCdSection
        entityRef={entityRef}
        result={prod.argocd}
        onChanged={onChanged}
        environment="prod"
      />,
    );
    const [newest, earlier] = screen.getAllByRole('button', {
      name: /^Deployment /,
    });
    await userEvent.click(newest);
    await userEvent.click(earlier);
    const rollbacks = await screen.findAllByRole('button', {
      name: 'Roll back to this revision',
    });
    expect(rollbacks).toHaveLength(1);
    expect(earlier.closest('.MuiAccordion-root')!.contains(rollbacks[0])).toBe(
      true,
    );
  });

  it('shows why Argo CD has no data instead of the application', async () => {
    await renderSection(dev.argocd);
    expect(screen.getByText('Argo CD (main): Unreachable')).toBeInTheDocument();
    expect(
      screen.getByText(/connect ECONNREFUSED 10\.0\.0\.12:443/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh' })).toBeNull();
  });
});
