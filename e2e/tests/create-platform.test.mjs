// "Create a mesh platform": fill the mesh-platform wizard in Chromium, run it with local publishing,
// open the new platform's System page and its control plane's Resource page; create a service on the
// new platform through the service wizard and check that it landed on the platform's cluster and
// gateway; the example platform's control plane shows its Argo CD sync on its page and Service Mesh
// tab; and the example platform's Resources in the mesh overview.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parse } from 'yaml';
import { baseUrl, guestApi, launch, screenshot, signIn } from '../browser.mjs';
import { chooseTemplate, createLocally, next, openEntityPage, pick, untilShown } from '../wizard.mjs';

// Fresh names per run: the local repositories and the catalog entities must not exist yet.
const suffix = Date.now().toString(36);
const name = `mesh-${suffix}`;
const serviceName = `pay-${suffix}`;
const description = 'The mesh of the e2e run';
const clusterServer = 'https://dev.k8s.example.com';

let browser;
const createdRepositories = [];
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.context.close();
  for (const repository of createdRepositories) {
    if (repository.endsWith(`-${suffix}`)) rmSync(repository, { recursive: true, force: true });
  }
});

test('a platform engineer creates a mesh platform through the wizard and lands on its System', async () => {
  const { page } = browser;
  await signIn(page);
  await chooseTemplate(page, 'Create a mesh platform');

  // 1. Platform: name, owner, the default cluster "dev" at an API server of its own.
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  await pick(page, 'Owner', 'platform', /platform/i);
  await page.getByRole('textbox', { name: /Argo CD destination/ }).fill(clusterServer);
  await screenshot(page, 'create-platform-1-platform');
  await next(page);

  // 2. Mesh and 3. Observability: the defaults (istio-csr, LoadBalancer, small, install everything).
  await page.getByText('Certificate authority').first().waitFor();
  await screenshot(page, 'create-platform-2-mesh');
  await next(page);
  await page.getByText('Prometheus').first().waitFor();
  await next(page);

  // 4. GitOps: local publishing.
  await page.getByRole('textbox', { name: 'Repository name' }).fill(name);
  const { href, repository } = await createLocally(page, name);
  createdRepositories.push(repository);
  await screenshot(page, 'create-platform-result');

  assert.equal(href, `/catalog/default/system/${name}`);
  await openEntityPage(page, href, description);
  await screenshot(page, 'create-platform-system');
  // Its Resources are in the catalog too: the control plane's page, in the System.
  await page.goto(`${baseUrl}/catalog/default/resource/${name}-control-plane`);
  await page
    .getByText(`Istio control plane of the ${name} platform, deployed by Argo CD`)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.locator(`a[href="/catalog/default/system/${name}"]`).first().waitFor();
  await screenshot(page, 'create-platform-control-plane');
});

test('a developer creates a service on that platform: its cluster and its gateway', async () => {
  const { page } = browser;
  await chooseTemplate(page, 'Create a meshed service');

  // 1. Service, 2. Workload: the defaults.
  await page.getByRole('textbox', { name: 'Name' }).fill(serviceName);
  await pick(page, 'Owner', 'platform', /platform/i);
  await next(page);
  await page.getByRole('textbox', { name: 'Health-check path' }).waitFor();
  await next(page);

  // 3. Mesh: through the ingress gateway, the gateway kind left to the platform.
  await page.getByRole('button', { name: /^Exposure/ }).click();
  await page.getByRole('option', { name: 'Through the ingress Gateway' }).click();
  // The host list's first input (react-jsonschema-form ids end in the field path); the list's add
  // button is the page's last one (the allowed callers' list comes before it).
  const host = page.locator('input[id$="hosts_0"]');
  if ((await host.count()) === 0) {
    await page.locator('button.array-item-add').last().click();
  }
  await host.fill('pay.example.com');
  await screenshot(page, 'create-service-on-platform-3-mesh');
  await next(page);

  // 4. GitOps: the platform from the catalog, its environments.
  await page.getByRole('textbox', { name: 'Repository name' }).fill(serviceName);
  await page.getByRole('button', { name: /^Deploy to/ }).click();
  await page.getByRole('option', { name: 'A mesh platform from the catalog' }).click();
  await pick(page, 'Mesh platform', name, name);
  await screenshot(page, 'create-service-on-platform-4-gitops');
  const { href, repository } = await createLocally(page, serviceName);
  createdRepositories.push(repository);
  await screenshot(page, 'create-service-on-platform-result');

  // The repository deploys to the platform's environment "dev" on its cluster, through its shared
  // ingress gateway (the gateway chart's pods and service account in istio-system).
  const read = path =>
    parse(execFileSync('git', ['-C', repository, 'show', `HEAD:${path}`], { encoding: 'utf8' }));
  const application = read('deploy/argocd/dev.yaml');
  assert.deepEqual(application.spec.destination, {
    server: clusterServer,
    namespace: `${serviceName}-dev`,
  });
  assert.equal(application.spec.project, serviceName);
  assert.deepEqual(read('deploy/overlays/dev/gateway.yaml').spec.selector, {
    istio: 'ingressgateway',
  });
  assert.deepEqual(
    read('deploy/overlays/dev/authorizationpolicy-ingress.yaml').spec.rules[0].from[0].source
      .principals,
    ['cluster.local/ns/istio-system/sa/istio-ingressgateway'],
  );

  // Its page shows the platform's environment in the service mesh card.
  assert.equal(href, `/catalog/default/component/${serviceName}`);
  await openEntityPage(page, href, serviceName);
  // The sandbox's Argo CD finds a new entity's applications when it next reads the catalog (every
  // 15 s), and the card's first answer may predate that: reload until they show.
  await untilShown(
    page,
    () =>
      page
        .getByRole('table', { name: 'Service mesh per environment' })
        .getByRole('link', { name: 'dev', exact: true }),
    () => `${href}: the service mesh card did not show the platform's environment "dev"`,
  );
  await screenshot(page, 'create-service-on-platform-component');
});

test("the example platform's control plane shows its Argo CD sync, and its Service Mesh tab", async () => {
  const { page } = browser;
  const api = await guestApi();
  const status = await api('/entities/resource/default/mesh-control-plane/status');
  const prod = status.environments.find(e => e.name === 'prod');
  assert.equal(prod.argocd.state, 'ok');
  await openEntityPage(
    page,
    '/catalog/default/resource/mesh-control-plane',
    'Istio control plane of the mesh platform',
  );
  const row = page
    .getByRole('table', { name: 'Service mesh per environment' })
    .getByRole('row')
    .filter({ hasText: 'prod' });
  await row.locator(`[title="Sync: ${prod.argocd.data.sync.status}"]`).waitFor();
  await row.locator(`[title="Health: ${prod.argocd.data.health.status}"]`).waitFor();
  await screenshot(page, 'example-platform-control-plane');
  await page.getByRole('tab', { name: 'Service Mesh' }).click();
  await page.waitForURL(/\/catalog\/default\/resource\/mesh-control-plane\/service-mesh$/);
  await page.getByText('prod').first().waitFor();
  await screenshot(page, 'example-platform-control-plane-tab');
});

test("the example platform's components show in the mesh overview", async () => {
  const api = await guestApi();
  const overview = await api('/overview');
  const refs = new Set(overview.rows.map(r => r.entityRef));
  for (const resource of [
    'certificate-authority',
    'control-plane',
    'gateway',
    'prometheus',
    'grafana',
    'kiali',
    'jaeger',
  ]) {
    assert.ok(refs.has(`resource:default/mesh-${resource}`), resource);
  }
});
