import { screen, within } from '@testing-library/react';
import { checkoutStatus } from '../../__fixtures__/status';
import { renderWithApis } from '../../__testUtils__/render';
import { LinksSection } from './LinksSection';

describe('LinksSection', () => {
  it('links each tool, naming the tool only when the title does not', async () => {
    await renderWithApis(
      <LinksSection
        links={[
          ...checkoutStatus.environments[0].links,
          {
            tool: 'jaeger',
            title: 'Traces of checkout',
            url: 'https://jaeger.example.com/search?service=checkout.shop',
          },
        ]}
      />,
    );
    const items = within(screen.getByRole('list', { name: 'Links' }))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    // External links announce that they open a new window.
    expect(items).toEqual([
      'Kiali workload graph, Opens in a new window',
      'Argo CD application checkout-prod, Opens in a new window',
      'Grafana Istio workload dashboard, Opens in a new window',
      'Jaeger: Traces of checkout, Opens in a new window',
    ]);
    expect(
      screen.getByRole('link', { name: /^Traces of checkout/ }),
    ).toHaveAttribute(
      'href',
      'https://jaeger.example.com/search?service=checkout.shop',
    );
    expect(
      screen.getByRole('link', { name: /^Kiali workload graph/ }),
    ).toHaveAttribute(
      'href',
      'https://kiali.example.com/kiali/console/graph/node/namespaces/shop/workloads/checkout',
    );
  });

  it('says which tools could be linked when none is configured', async () => {
    await renderWithApis(<LinksSection links={[]} />);
    expect(screen.queryByRole('list')).toBeNull();
    expect(
      screen.getByText(
        'No Kiali, Argo CD, Grafana, Jaeger or Prometheus links are configured for this environment.',
      ),
    ).toBeInTheDocument();
  });
});
