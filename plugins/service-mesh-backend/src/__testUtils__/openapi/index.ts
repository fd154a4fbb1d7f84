import { readFileSync } from 'node:fs';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const document = parse(
  readFileSync(
    resolvePackagePath('@meshport/plugin-service-mesh-backend', 'openapi.yaml'),
    'utf8',
  ),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi');

/** The package's OpenAPI document, parsed. */
export const openApiDocument = document;

/**
 * Asserts that a response body matches the OpenAPI document's schema for the route (an OpenAPI path
 * template such as `/entities/{kind}/{namespace}/{name}/status`), method and status.
 */
export function expectMatchesOpenApi(
  route: string,
  method: 'get' | 'post',
  status: number,
  body: unknown,
): void {
  const operation = document.paths[route]?.[method];
  if (!operation) throw new Error(`openapi.yaml has no ${method} ${route}`);
  let response = operation.responses[String(status)];
  if (!response) {
    throw new Error(`openapi.yaml has no ${status} for ${method} ${route}`);
  }
  if (response.$ref) {
    response = document.components.responses[response.$ref.split('/').pop()];
  }
  const pointer = `openapi#/paths/${route.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
  const validate = response.content
    ? ajv.getSchema(
        operation.responses[String(status)].$ref
          ? `openapi#/components/responses/${operation.responses[String(status)].$ref.split('/').pop()}/content/application~1json/schema`
          : pointer,
      )
    : undefined;
  if (!validate) throw new Error(`no schema for ${status} ${method} ${route}`);
  if (!validate(body)) {
    throw new Error(
      `Response of ${method.toUpperCase()} ${route} (${status}) does not match openapi.yaml:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`,
    );
  }
}
