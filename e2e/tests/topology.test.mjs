// Topology, trace hotspots and the mesh graph in the running portal (sandbox mode): the checkout
// component's topology with the backend's numbers, a node followed to its entity page, and the mesh
// graph tab of the overview page. Screenshots go to test-results/.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, baseUrl, launch, screenshot, signIn } from '../browser.mjs';

let browser;
let token;

async function api(path) {
  const res = await fetch(`${baseUrl}/api/service-mesh${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200, `GET ${path} answered ${res.status}`);
  return res.json();
}

before(async () => {
  browser = await launch();
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  token = (await res.json()).backstageIdentity.token;
});
after(async () => {
  await browser?.context.close();
});

test("the checkout component's topology shows its callers and dependencies, and a node leads to its entity", async () => {
  const { page } = browser;
  await signIn(page);
  const status = await api('/entities/component/default/checkout/status');
  const env =
    status.environments.find(e => e.name === 'prod') ?? status.environments[0];
  const topology = await api(
    `/entities/component/default/checkout/topology?${new URLSearchParams({ environment: env.name, range: '1h' })}`,
  );
  assert.equal(
    topology.topology.state,
    'ok',
    'the sandbox answers the topology',
  );
  const { center, nodes, edges, findings } = topology.topology.data;
  assert.ok(
    edges.some(e => e.target === center),
    'checkout has callers',
  );
  assert.ok(
    edges.some(e => e.source === center),
    'checkout has dependencies',
  );

  await page.goto(`${baseUrl}/catalog/default/component/checkout/service-mesh`);
  const section = page.getByRole('region', { name: env.name, exact: true });
  await section.waitFor();
  const callers = edges.filter(e => e.target === center).length;
  const dependencies = edges.length - callers;
  await section
    .getByText(
      `${callers} inbound ${callers === 1 ? 'caller' : 'callers'}, ${dependencies} outbound ${dependencies === 1 ? 'dependency' : 'dependencies'} in the last 1h.`,
    )
    .waitFor();
  // Every node of the answer is drawn, the workload itself highlighted.
  const graph = section.locator('svg#dependency-graph');
  await graph
    .locator(`g[data-node-id="${center}"][data-role="center"]`)
    .waitFor();
  for (const node of nodes) {
    await graph.locator(`g[data-node-id="${node.id}"]`).waitFor();
  }
  assert.equal(
    await graph.locator('g[data-testid="label"]').count(),
    edges.length,
  );
  // The sandbox story: an undeclared dependency and a plaintext caller are findings.
  const kinds = findings.map(f => f.kind);
  assert.ok(kinds.includes('undeclared-dependency'), `findings: ${kinds}`);
  // The plaintext caller: the order-export job, none of its requests mutual TLS.
  const plaintext = edges.filter(e => e.target === center && e.plaintext);
  assert.deepEqual(
    plaintext.map(e => [e.source, e.mutualTlsShare]),
    [['shop/order-export', 0]],
  );
  assert.equal(
    findings.find(f => f.kind === 'plaintext-caller')?.message,
    'checkout is called over plaintext by shop/order-export (100 % of its requests)',
  );
  // The graph marks the caller and labels its edge as plaintext.
  assert.deepEqual(
    await graph
      .locator(
        'g[data-node-id="shop/order-export"][data-role="plaintext"] tspan',
      )
      .allTextContents(),
    ['order-export', 'shop', 'plaintext caller'],
  );
  const plaintextLabels = graph
    .locator('g[data-testid="label"]')
    .filter({ hasText: 'PLAINTEXT' });
  assert.equal(await plaintextLabels.count(), 1);
  const [, second, third] = await plaintextLabels
    .locator('tspan')
    .allTextContents();
  assert.match(second, /^p99 .+ · mTLS 0 %$/);
  assert.equal(third, 'PLAINTEXT');
  const findingsTable = section.getByRole('table', {
    name: 'Declared vs observed findings',
  });
  for (const finding of findings) {
    await findingsTable.getByText(finding.message, { exact: true }).waitFor();
  }
  // Trace hotspots from the sandbox's Jaeger.
  await section.getByRole('table', { name: 'Slowest traces' }).waitFor();
  // The topology card alone, for the plugin README.
  const card = graph.locator(
    "xpath=ancestor::*[contains(@class, 'MuiCard-root')][1]",
  );
  await card.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await card.screenshot({ path: join(artifacts, 'service-mesh-topology.png') });

  // The table view lists the same edges.
  await section.getByRole('button', { name: 'Table' }).first().click();
  const edgeTable = section.getByRole('region', { name: `Edges of ${center}` });
  await edgeTable.waitFor();
  assert.equal(await edgeTable.locator('tbody tr').count(), edges.length);
  const plaintextRow = edgeTable
    .locator('tbody tr')
    .filter({ hasText: 'order-export (shop)' });
  assert.equal(
    await plaintextRow.getByText(/^Plaintext/).textContent(),
    'Plaintext · mTLS 0 %',
  );
  await section.getByRole('button', { name: 'Graph' }).first().click();

  // A node with a catalog entity leads to that entity's page, inside the app.
  const other = nodes.find(n => n.entityRef && n.id !== center);
  assert.ok(other, 'a neighbour of checkout is a catalog entity');
  const [, kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(
    other.entityRef,
  );
  await section
    .locator(`svg#dependency-graph a:has(g[data-node-id="${other.id}"])`)
    .click();
  await page.waitForURL(
    new RegExp(`/catalog/${namespace}/${kind.toLowerCase()}/${name}$`),
  );
  // The entity page shows the entity's title (its name when it has none).
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const entity = await res.json();
  await page
    .getByRole('heading', { name: entity.metadata.title ?? name })
    .first()
    .waitFor();
});

test('the overview page has the mesh graph of an environment', async () => {
  const { page } = browser;
  const graphAnswer = await api('/graph');
  assert.equal(graphAnswer.graph.state, 'ok');
  const { nodes, edges } = graphAnswer.graph.data;
  await page.goto(`${baseUrl}/service-mesh`);
  await page.getByRole('tab', { name: 'Mesh graph' }).click();
  await page.waitForURL(/\/service-mesh\/graph$/);
  await page
    .getByText(new RegExp(`^${nodes.length} workloads, ${edges.length} edges:`))
    .waitFor();
  const graph = page.locator('svg#dependency-graph');
  for (const node of nodes) {
    await graph.locator(`g[data-node-id="${node.id}"]`).waitFor();
  }
  await page.getByText('Sandbox data').first().waitFor();
  await screenshot(page, 'service-mesh-graph');
});
