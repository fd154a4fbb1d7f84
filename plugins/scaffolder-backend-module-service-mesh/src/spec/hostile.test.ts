/*
 * Hostile inputs: each is either rejected with a message naming the field and the rule, or rendered
 * harmlessly (the value comes back unchanged from the generated YAML and adds no key or object).
 */
import { parseManifests } from '@meshport/plugin-service-mesh-common';
import { parse } from 'yaml';
import { generateAndValidate } from '../testUtils';

const valid = {
  name: 'checkout',
  owner: 'group:default/checkout-team',
  environments: [{ name: 'dev' }],
  repoUrl: 'https://github.com/acme/checkout.git',
};
const long = (n: number) => 'a'.repeat(n);

type Case = [label: string, patch: Record<string, unknown>, expected: RegExp];
const rejected: Case[] = [
  [
    'name with a newline',
    { name: 'checkout\nkind: Secret' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name with a colon (YAML key)',
    { name: 'a: b' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name with quotes',
    { name: '"checkout"' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name with {{ }}',
    { name: '{{ secrets.token }}' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name with ${{ }}',
    { name: '${{ parameters.x }}' },
    /^name: must be a DNS-1123 label/,
  ],
  ['name with ../', { name: '../../etc' }, /^name: must be a DNS-1123 label/],
  ['name with a slash', { name: 'a/b' }, /^name: must be a DNS-1123 label/],
  [
    'name in upper case',
    { name: 'Checkout' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name with unicode',
    { name: 'chéckout' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name with a homoglyph',
    { name: 'сheckout' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name as a YAML anchor',
    { name: '&a checkout' },
    /^name: must be a DNS-1123 label/,
  ],
  ['name as a YAML alias', { name: '*a' }, /^name: must be a DNS-1123 label/],
  [
    'name starting with a digit',
    { name: '1checkout' },
    /^name: must be a DNS-1123 label/,
  ],
  [
    'name ending with -',
    { name: 'checkout-' },
    /^name: must be a DNS-1123 label/,
  ],
  ['empty name', { name: '' }, /^name: must not be empty/],
  ['name as a number', { name: 42 }, /^name: must be a string, got number/],
  [
    'name as an object',
    { name: { a: 1 } },
    /^name: must be a string, got object/,
  ],
  [
    'name of 64 characters',
    { name: long(64) },
    /^name: must be at most 63 characters/,
  ],
  [
    'name too long for derived names',
    { name: long(60) },
    /^name: "a{60}" is too long: the derived Application name "a{60}-dev" would exceed 63 characters/,
  ],
  [
    'name too long for the gateway',
    { name: long(50), exposure: 'gateway', hosts: ['a.example.com'] },
    /^name: "a{50}" is too long: the derived Service \(deployed by Istio\) name "a{50}-gateway-istio" would exceed 63 characters$/,
  ],
  [
    'name too long for the shared ingress certificate of an environment',
    {
      name: long(40),
      exposure: 'gateway',
      gatewayMode: 'shared-ingress',
      hosts: ['a.example.com'],
      environments: [{ name: 'integration' }],
    },
    /the derived Certificate name "a{40}-integration-gateway-tls" would exceed 63 characters/,
  ],
  [
    'a host pattern that gives no DNS name',
    { exposure: 'gateway', hosts: [`${long(60)}.example.com`] },
    /^hostPattern: gives "a{60}-dev.example.com" in environment dev, which is not a DNS name$/,
  ],
  [
    'a host pattern with an unknown placeholder',
    {
      exposure: 'gateway',
      hosts: ['a.example.com'],
      hostPattern: '{host}.{env}',
    },
    /^hostPattern: must be a host name pattern/,
  ],
  [
    'environments on one cluster serving the same host',
    {
      exposure: 'gateway',
      hosts: ['a.example.com'],
      hostPattern: '{label}.{domain}',
      environments: [{ name: 'dev' }, { name: 'staging' }],
    },
    /^hostPattern: environments dev and staging deploy to the same cluster \(https:\/\/kubernetes.default.svc\) and would both serve a.example.com; put \{env\} in the pattern$/,
  ],
  ['missing owner', { owner: undefined }, /^owner: is required/],
  [
    'owner with a newline',
    { owner: 'group:default/a\nb' },
    /^owner: must be an entity reference/,
  ],
  [
    'owner with ../',
    { owner: '../team' },
    /^owner: must be an entity reference/,
  ],
  [
    'system with {{ }}',
    { system: '{{x}}' },
    /^system: must be an entity reference/,
  ],
  [
    'description with a newline',
    { description: 'ok\nkind: Secret' },
    /^description: must be one line without control/,
  ],
  [
    'description with a NUL',
    { description: 'a\u0000b' },
    /^description: must be one line without control/,
  ],
  [
    'description with a bidi override',
    { description: 'safe\u202Eexe.txt' },
    /^description: must be one line without control/,
  ],
  [
    'description of 501 characters',
    { description: long(501) },
    /^description: must be at most 500 characters/,
  ],
  [
    'description as a number',
    { description: 7 },
    /^description: must be a string, got number/,
  ],
  [
    'lifecycle with spaces',
    { lifecycle: 'in production' },
    /^lifecycle: must be a DNS-1123 label/,
  ],
  [
    'image with a space',
    { image: 'nginx latest' },
    /^image: must be a container image reference/,
  ],
  [
    'image with a newline',
    { image: 'nginx\n  command: [sh]' },
    /^image: must be a container image reference/,
  ],
  [
    'image with upper case',
    { image: 'Nginx:1' },
    /^image: must be a container image reference/,
  ],
  ['port 0', { port: 0 }, /^port: must be between 1 and 65535/],
  ['port 65536', { port: 65536 }, /^port: must be between 1 and 65535/],
  ['port as a string', { port: '8080' }, /^port: must be a number, got string/],
  ['port with a fraction', { port: 80.5 }, /^port: must be a whole number/],
  [
    'negative replicas',
    { replicas: -1 },
    /^replicas: must be between 0 and 50/,
  ],
  [
    'protocol not offered',
    { protocol: 'UDP' },
    /^protocol: must be one of HTTP, GRPC, TCP/,
  ],
  [
    'cpu not a quantity',
    {
      resources: {
        requests: { cpu: 'lots', memory: '1Mi' },
        limits: { cpu: '1', memory: '1Mi' },
      },
    },
    /^resources.requests.cpu: must be a Kubernetes quantity/,
  ],
  [
    'memory with a unit typo',
    {
      resources: {
        requests: { cpu: '1', memory: '128MB' },
        limits: { cpu: '1', memory: '1Gi' },
      },
    },
    /^resources.requests.memory: must be a Kubernetes quantity/,
  ],
  [
    'request above limit',
    {
      resources: {
        requests: { cpu: '2', memory: '1Gi' },
        limits: { cpu: '500m', memory: '1Gi' },
      },
    },
    /^resources.requests.cpu: must not exceed resources.limits.cpu/,
  ],
  [
    'zero memory',
    {
      resources: {
        requests: { cpu: '1', memory: '0' },
        limits: { cpu: '1', memory: '1Gi' },
      },
    },
    /^resources.requests.memory: must be greater than zero/,
  ],
  [
    'health path without slash',
    { healthPath: 'healthz' },
    /^healthPath: must be a URL path/,
  ],
  [
    'health path with a query',
    { healthPath: '/healthz?x=1' },
    /^healthPath: must be a URL path/,
  ],
  [
    'health path with a newline',
    { healthPath: '/h\nx: y' },
    /^healthPath: must be a URL path/,
  ],
  [
    'host with a space',
    { exposure: 'gateway', hosts: ['shop example.com'] },
    /^hosts.0: must be a DNS name/,
  ],
  [
    'host wildcard in the middle',
    { exposure: 'gateway', hosts: ['shop.*.com'] },
    /^hosts.0: must be a DNS name/,
  ],
  [
    'bare wildcard host',
    { exposure: 'gateway', hosts: ['*'] },
    /^hosts.0: must be a DNS name/,
  ],
  [
    'single-label host',
    { exposure: 'gateway', hosts: ['localhost'] },
    /^hosts.0: must be a DNS name/,
  ],
  [
    'host too long',
    {
      exposure: 'gateway',
      hosts: [`${long(63)}.${long(63)}.${long(63)}.${long(63)}.com`],
    },
    /^hosts.0: must be a DNS name/,
  ],
  [
    'host with unicode',
    { exposure: 'gateway', hosts: ['bücher.example.com'] },
    /^hosts.0: must be a DNS name/,
  ],
  [
    'gateway without hosts',
    { exposure: 'gateway' },
    /^hosts: exposure "gateway" needs at least one host/,
  ],
  [
    'hosts without gateway',
    { hosts: ['shop.example.com'] },
    /^hosts: only allowed with exposure "gateway"/,
  ],
  [
    'repeated host',
    { exposure: 'gateway', hosts: ['a.example.com', 'a.example.com'] },
    /^hosts: must not repeat a host/,
  ],
  [
    'TCP through the gateway',
    { exposure: 'gateway', protocol: 'TCP', hosts: ['a.example.com'] },
    /^protocol: exposure "gateway" needs protocol HTTP or GRPC/,
  ],
  [
    'existing secret without a name',
    {
      exposure: 'gateway',
      hosts: ['a.example.com'],
      gatewayTls: 'existing-secret',
    },
    /^tlsSecretName: required/,
  ],
  [
    'mTLS DISABLE',
    { mtlsMode: 'DISABLE' },
    /^mtlsMode: must be one of STRICT, PERMISSIVE/,
  ],
  [
    'caller with three parts',
    { allowedCallers: ['a/b/c'] },
    /^allowedCallers.0: must be "namespace" or "namespace\/serviceaccount"/,
  ],
  [
    'caller with a wildcard',
    { allowedCallers: ['*'] },
    /^allowedCallers.0: must be "namespace"/,
  ],
  [
    'caller with ../',
    { allowedCallers: ['../kube-system'] },
    /^allowedCallers.0: must be "namespace"/,
  ],
  [
    'weights summing to 110',
    {
      canary: {
        stableVersion: 'v1',
        stableWeight: 90,
        canaryVersion: 'v2',
        canaryWeight: 20,
      },
    },
    /^canary: stableWeight \+ canaryWeight must sum to 100 \(got 110\)/,
  ],
  [
    'weight above 100',
    {
      canary: {
        stableVersion: 'v1',
        stableWeight: 101,
        canaryVersion: 'v2',
        canaryWeight: -1,
      },
    },
    /^canary.stableWeight: must be between 0 and 100; canary.canaryWeight: must be between 0 and 100/,
  ],
  [
    'same canary version',
    {
      canary: {
        stableVersion: 'v1',
        stableWeight: 50,
        canaryVersion: 'v1',
        canaryWeight: 50,
      },
    },
    /^canary.canaryVersion: must differ/,
  ],
  [
    'extra key in canary',
    {
      canary: {
        stableVersion: 'v1',
        stableWeight: 50,
        canaryVersion: 'v2',
        canaryWeight: 50,
        image: 'x',
      },
    },
    /^canary: unknown field\(s\) "image"/,
  ],
  [
    'no environments',
    { environments: [] },
    /^environments: must have at least one environment/,
  ],
  [
    'environment name with ../',
    { environments: [{ name: '../prod' }] },
    /^environments.0.name: must be a DNS-1123 label/,
  ],
  [
    'duplicate environments',
    { environments: [{ name: 'dev' }, { name: 'dev' }] },
    /^environments: names must be unique/,
  ],
  [
    'two environments, one namespace',
    {
      environments: [
        { name: 'a', namespace: 'x' },
        { name: 'b', namespace: 'x' },
      ],
    },
    /^environments: two environments must not deploy to the same namespace/,
  ],
  [
    'cluster over http',
    { environments: [{ name: 'dev', cluster: 'http://k8s.example.com' }] },
    /^environments.0.cluster: must be an https:\/\/ API server URL or an Argo CD cluster name/,
  ],
  [
    'unknown key in an environment',
    { environments: [{ name: 'dev', values: 'x' }] },
    /^environments.0: unknown field\(s\) "values"/,
  ],
  [
    'target revision with ..',
    { targetRevision: 'main/../x' },
    /^targetRevision: must be a Git branch/,
  ],
  [
    'target revision with a space',
    { targetRevision: 'main; rm -rf /' },
    /^targetRevision: must be a Git branch/,
  ],
  [
    'repo URL with credentials',
    { repoUrl: 'https://user:token@github.com/acme/x.git' },
    /^repoUrl: must be an https:\/\/ Git URL without credentials/,
  ],
  [
    'repo URL over ssh',
    { repoUrl: 'ssh://git@github.com/acme/x.git' },
    /^repoUrl: must be an https:\/\/ Git URL/,
  ],
  [
    'repo URL with a newline',
    { repoUrl: 'https://github.com/acme/x\n.git' },
    /^repoUrl: must be an https:\/\/ Git URL/,
  ],
  [
    'both repoUrl and localRepository',
    { localRepository: 'checkout' },
    /^repoUrl: give exactly one of repoUrl and localRepository/,
  ],
  [
    'local repository with ../',
    { repoUrl: undefined, localRepository: '../../etc' },
    /^localRepository: must be a DNS-1123 label/,
  ],
  [
    'targetPath outside the workspace',
    { targetPath: '../outside' },
    /^targetPath: must be a relative path inside the workspace/,
  ],
  [
    'absolute targetPath',
    { targetPath: '/etc' },
    /^targetPath: must be a relative path inside the workspace/,
  ],
  [
    'AppProject named default',
    { createAppProject: true },
    /^argocdProject: must not be "default" when createAppProject is true/,
  ],
  [
    'unknown top-level field',
    { spec: { replicas: 100 } },
    /^input: unknown field\(s\) "spec"/,
  ],
  [
    'prototype pollution key',
    JSON.parse('{"__proto__": {"polluted": true}}'),
    /^input: unknown field\(s\) "__proto__"/,
  ],
];

const harmless: Array<[label: string, description: string]> = [
  ['quotes', `He said "hi" and it's fine`],
  ['Nunjucks braces', '{{ secrets.token }} and ${{ parameters.name }}'],
  ['YAML anchors and aliases', '&anchor *alias << : merge'],
  ['a YAML document marker', '--- kind: Secret ...'],
  ['a flow mapping', '{ kind: Secret, data: { x: y } }'],
  ['unicode', 'Café ☕ 日本語 🚀 émigré'],
  ['a comment marker', 'value # not a comment'],
  ['YAML 1.1 booleans', 'yes'],
  ['a number-looking text', '0x1F'],
  ['HTML', '<script>alert(1)</script>'],
];

describe('hostile inputs', () => {
  it('has a table of at least 50 cases', () => {
    expect(rejected.length + harmless.length).toBeGreaterThanOrEqual(50);
  });

  it.each(rejected)('rejects %s', async (_label, patch, expected) => {
    const input = { ...valid, ...patch };
    const error = await generateAndValidate(input).then(
      () => undefined,
      e => e,
    );
    expect(error?.name).toBe('InputError');
    expect(error.message.replace(/^Invalid service input: /, '')).toMatch(
      expected,
    );
  });

  it.each(harmless)(
    'renders a description with %s harmlessly',
    async (_label, description) => {
      const { files } = await generateAndValidate({ ...valid, description });
      const catalogInfo = files.find(f => f.path === 'catalog-info.yaml')!;
      const [entity] = parseManifests(catalogInfo.content);
      expect(entity.metadata).toEqual(
        expect.objectContaining({ name: 'checkout', description }),
      );
      expect(Object.keys(parse(catalogInfo.content))).toEqual([
        'apiVersion',
        'kind',
        'metadata',
        'spec',
      ]);
      expect(parseManifests(catalogInfo.content)).toHaveLength(1);
    },
  );
});
