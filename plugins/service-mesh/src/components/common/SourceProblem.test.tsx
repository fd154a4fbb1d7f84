import { screen } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { SourceProblem } from './SourceProblem';
import { StatusChip } from './StatusChip';

describe('SourceProblem', () => {
  it('names the source, its instance, the state and the message as an error', async () => {
    await renderWithApis(
      <SourceProblem
        result={{
          source: 'prometheus',
          instance: 'main',
          state: 'unauthorized',
          message: 'answered 401',
        }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'Prometheus (main): Unauthorized — answered 401',
    );
    expect(alert.className).toMatch(/standardError/);
  });

  it('shows a source that is not configured as information', async () => {
    await renderWithApis(
      <SourceProblem result={{ source: 'kiali', state: 'not-configured' }} />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(/^Kiali: Not configured$/);
    expect(alert.className).toMatch(/standardInfo/);
  });
});

describe('StatusChip', () => {
  it('gives each level its own icon text, so colour is never the only cue', async () => {
    await renderWithApis(
      <>
        <StatusChip level="ok" label="Synced" title="Sync: Synced" />
        <StatusChip level="progress" label="Progressing" />
      </>,
    );
    const synced = screen.getByTitle('Sync: Synced');
    expect(synced).toHaveAttribute('data-level', 'ok');
    expect(synced).toHaveTextContent('Synced');
    expect(screen.getByTitle('OK')).toBeInTheDocument();
    expect(screen.getByTitle('In progress')).toBeInTheDocument();
  });
});
