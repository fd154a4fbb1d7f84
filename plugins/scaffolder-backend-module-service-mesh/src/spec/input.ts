/*
 * Validation of the raw action input: the fields (fields.ts, built from the formats in formats.ts),
 * then the cross-field rules (rules.ts). Every problem is reported as `field: rule`.
 */
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { environmentNamespace } from '../layout';
import { serviceInputFields } from './fields';
import { crossFieldProblems } from './rules';

export { serviceInputFields } from './fields';

const serviceInputObject = z
  .object(
    Object.fromEntries(
      Object.entries(serviceInputFields).map(([k, f]) => [k, f(z)]),
    ) as {
      [K in keyof typeof serviceInputFields]: ReturnType<
        (typeof serviceInputFields)[K]
      >;
    },
  )
  .strict();

/** The action input as the template passes it. */
export type ServiceInput = z.input<typeof serviceInputObject>;
type ParsedInput = z.output<typeof serviceInputObject>;
/** The validated input with defaults applied, every environment with its namespace. */
export type ServiceSpec = Omit<ParsedInput, 'environments'> & {
  environments: Array<
    ParsedInput['environments'][number] & { namespace: string }
  >;
};

/** A validation failure: each problem names the field and the rule. */
export class ServiceInputError extends InputError {
  constructor(readonly problems: string[]) {
    super(`Invalid service input: ${problems.join('; ')}`);
  }
}

/** Optional fields that a template passes as "" when the form left them empty. */
const OPTIONAL_FIELDS = [
  'description',
  'system',
  'image',
  'tlsSecretName',
  'hostPattern',
  'bareHostEnvironment',
  'gatewayMode',
  'argocdProject',
  'canary',
  'namespace',
  'repoUrl',
  'localRepository',
];

function withoutEmptyOptionals(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const input: Record<string, unknown> = { ...raw };
  for (const key of OPTIONAL_FIELDS) {
    if (input[key] === '') delete input[key];
  }
  if (Array.isArray(input.environments)) {
    input.environments = input.environments.map(env => {
      if (typeof env !== 'object' || env === null) return env;
      const copy: Record<string, unknown> = { ...env };
      for (const key of ['namespace', 'cluster'])
        if (copy[key] === '') delete copy[key];
      return copy;
    });
  }
  return input;
}

/** One zod issue as `field: rule`. */
export function problemOf(issue: z.ZodIssue): string {
  const field = issue.path.join('.') || 'input';
  if (issue.code === 'invalid_type' && issue.expected === 'integer') {
    return `${field}: must be a whole number`;
  }
  if (issue.code === 'invalid_type') {
    return `${field}: ${issue.received === 'undefined' ? 'is required' : `must be a ${issue.expected}, got ${issue.received}`}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `${field}: unknown field(s) ${issue.keys.map(k => JSON.stringify(k)).join(', ')}`;
  }
  if (issue.code === 'invalid_enum_value') {
    return `${field}: must be one of ${issue.options.join(', ')}`;
  }
  return `${field}: ${issue.message}`;
}

/**
 * Validates the raw action input. Optional fields given as "" (an empty form field) count as absent.
 * Returns the spec with defaults applied, or throws a ServiceInputError whose message lists every
 * problem as `field: rule`.
 */
export function validateServiceInput(raw: unknown): ServiceSpec {
  const result = serviceInputObject.safeParse(withoutEmptyOptionals(raw));
  if (!result.success) {
    throw new ServiceInputError(result.error.issues.map(problemOf));
  }
  const spec: ServiceSpec = {
    ...result.data,
    environments: result.data.environments.map(e => ({
      ...e,
      namespace:
        e.namespace ??
        environmentNamespace(result.data.namespace ?? result.data.name, e.name),
    })),
  };
  const problems = crossFieldProblems(spec);
  if (problems.length > 0) throw new ServiceInputError(problems);
  return spec;
}
