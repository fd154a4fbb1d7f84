import {
  isKubernetesName,
  kubernetesNameProblem,
  type KubernetesNameRule,
} from './names';

const cases: Array<[KubernetesNameRule, string[], unknown[]]> = [
  [
    'dns1123-label',
    ['a', 'shop', '9lives', 'a-b-c', 'x'.repeat(63)],
    ['', 'A', '-a', 'a-', 'a.b', 'a_b', 'x'.repeat(64), 'a\n', 'a"}', 7],
  ],
  [
    'dns1123-subdomain',
    [
      'checkout-prod',
      'a.b.c',
      'details-v1',
      `${'x'.repeat(63)}.${'y'.repeat(63)}`,
    ],
    ['', '.a', 'a.', 'a..b', 'A.b', 'a_b', 'x'.repeat(254), 'a b', null],
  ],
  [
    'dns1035-label',
    ['checkout', 'a1', 'a-b'],
    ['1a', '', 'a-', 'A', 'x'.repeat(64)],
  ],
  [
    'label-key',
    ['app', 'app.kubernetes.io/name', 'A_b.c', 'meshport.io/environment'],
    ['', '/app', 'a/', 'Bad.Prefix/app', 'a/b/c', 'x'.repeat(64), '-a', 'a b'],
  ],
  [
    'label-value',
    ['', 'v1', 'A_b.c-9', 'x'.repeat(63)],
    ['-a', 'a-', 'x'.repeat(64), 'a b', 'a"', 'a\n'],
  ],
];

describe.each(cases)('%s', (rule, valid, invalid) => {
  it.each(valid.map(v => [v]))('accepts %j', value => {
    expect(isKubernetesName(value, rule)).toBe(true);
    expect(kubernetesNameProblem(value, rule)).toBeUndefined();
  });
  it.each(invalid.map(v => [v]))('refuses %j', value => {
    expect(isKubernetesName(value, rule)).toBe(false);
    expect(kubernetesNameProblem(value, rule)).toMatch(/ is not a /);
  });
});

it('shows a hostile value escaped and cut short', () => {
  expect(
    kubernetesNameProblem(`a"}\n${'x'.repeat(100)}`, 'dns1123-label'),
  ).toBe(
    `"a\\"}\\n${'x'.repeat(60)}…" is not a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
  );
});
