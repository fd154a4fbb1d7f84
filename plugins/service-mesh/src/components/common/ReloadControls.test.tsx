import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '../../__testUtils__/render';
import { ReloadControls } from './ReloadControls';

describe('ReloadControls', () => {
  it('shows the sandbox mark and the time of the answer, and reloads on click', async () => {
    const onReload = jest.fn();
    await renderWithApis(
      <ReloadControls
        value={{ sandbox: true, generatedAt: '2026-11-26T10:12:05Z' }}
        asOf="Status as of"
        loading={false}
        onReload={onReload}
        reload="Reload status"
        reloading="Reloading…"
      />,
    );
    expect(screen.getByText('Sandbox data')).toBeInTheDocument();
    expect(
      screen.getByText('Status as of 2026-11-26 10:12 UTC'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Reload status' }),
    );
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('shows only a disabled button while the first answer loads', async () => {
    await renderWithApis(
      <ReloadControls
        asOf="As of"
        loading
        onReload={jest.fn()}
        reload="Reload"
      />,
    );
    expect(screen.getByRole('button', { name: 'Reload' })).toBeDisabled();
    expect(screen.queryByText(/^As of/)).toBeNull();
    expect(screen.queryByText('Sandbox data')).toBeNull();
  });
});
