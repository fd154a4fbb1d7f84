import { screen } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { SidecarSection } from './SidecarSection';

describe('SidecarSection', () => {
  it('shows an injected sidecar with its evidence and no fix', async () => {
    await renderWithApis(
      <SidecarSection
        sidecar={{
          injected: true,
          evidence: ['namespace label istio-injection=enabled'],
          fix: 'kubectl label namespace shop istio-injection=enabled',
        }}
      />,
    );
    expect(screen.getByText('Sidecar injected')).toBeInTheDocument();
    expect(
      screen.getByText('namespace label istio-injection=enabled'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Fix:')).toBeNull();
  });

  it('shows a missing sidecar with the command that fixes it', async () => {
    await renderWithApis(
      <SidecarSection
        sidecar={{
          injected: false,
          evidence: [],
          fix: 'kubectl label namespace shop istio-injection=enabled',
        }}
      />,
    );
    expect(screen.getByText('Sidecar missing')).toBeInTheDocument();
    expect(screen.getByText('Fix:')).toBeInTheDocument();
    expect(
      screen.getByText('kubectl label namespace shop istio-injection=enabled'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('says unknown when nothing could tell', async () => {
    await renderWithApis(
      <SidecarSection sidecar={{ injected: null, evidence: [] }} />,
    );
    expect(screen.getByText('Sidecar unknown')).toBeInTheDocument();
  });
});
