/*
 * The zod builders the input fields are made of: each pairs a format rule with the message that
 * `validateServiceInput` reports as `field: rule`.
 */
import { isKubernetesName } from '@meshport/plugin-service-mesh-common';
import { z } from 'zod';
import { isQuantity, isSafeText } from './formats';

/** A zod issue message: the rule the value breaks. */
export const msg = (rule: string) => ({ message: rule });

/** A string of at most `max` characters (when given) that must pass `test`, else fails with `rule`. */
export const formatted = (
  z0: typeof z,
  test: (v: string) => boolean,
  rule: string,
  max?: number,
) =>
  (max === undefined
    ? z0.string()
    : z0.string().max(max, msg(`must be at most ${max} characters`))
  ).refine(test, msg(rule));

/** A DNS-1123 label that starts with a letter: the form of every Kubernetes name we derive. */
export const dnsLabel = (z0: typeof z, max = 63) =>
  z0
    .string()
    .min(1, msg('must not be empty'))
    .max(max, msg(`must be at most ${max} characters`))
    .refine(
      // The rule includes its 63-character limit; a longer value already has the length message.
      v => v.length > 63 || isKubernetesName(v, 'dns1035-label'),
      msg(
        'must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
      ),
    );

/** One line of human text: no control characters, no bidi overrides. */
export const safeText = (z0: typeof z, max: number) =>
  formatted(
    z0,
    isSafeText,
    'must be one line without control or bidirectional-override characters',
    max,
  );

/** A Kubernetes quantity of CPU or memory. */
export const quantity = (z0: typeof z, kind: 'cpu' | 'memory') =>
  formatted(
    z0,
    isQuantity,
    `must be a Kubernetes quantity, e.g. ${kind === 'cpu' ? '"250m" or "1"' : '"128Mi" or "1Gi"'}`,
    20,
  );

/** CPU and memory quantities. */
export const resourcePair = (z0: typeof z) =>
  z0
    .object({
      cpu: quantity(z0, 'cpu').describe('CPU, e.g. 100m'),
      memory: quantity(z0, 'memory').describe('Memory, e.g. 128Mi'),
    })
    .strict();

/** A whole number between `min` and `max`. */
export const int = (z0: typeof z, min: number, max: number) =>
  z0
    .number()
    .int(msg('must be a whole number'))
    .min(min, msg(`must be between ${min} and ${max}`))
    .max(max, msg(`must be between ${min} and ${max}`));

/** An optional list of at most `max` strings of one format, empty by default. */
export const list = (
  z0: typeof z,
  item: { test: (v: string) => boolean; rule: string },
  max: number,
  description: string,
) =>
  z0
    .array(formatted(z0, item.test, item.rule))
    .max(max, msg(`must have at most ${max} entries`))
    .default([])
    .describe(description);
