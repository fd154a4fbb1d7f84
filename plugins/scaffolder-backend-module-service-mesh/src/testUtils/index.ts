/**
 * Test and benchmark hooks of the scaffolder module: generation without writing, input validation,
 * and the portal's meshed-service template as the scaffolder API takes it. Not for production use.
 *
 * @packageDocumentation
 */
export { generateAndValidate } from './generateAndValidate';
export { generateService, GeneratedObjectInvalidError } from '../generator';
export type {
  GeneratedFile,
  GeneratedService,
  RepoLocation,
} from '../generator';
export { validateServiceInput, ServiceInputError } from '../spec/input';
export type { ServiceInput, ServiceSpec } from '../spec/input';
export {
  meshedServiceTemplate,
  serviceValues,
  skeletonContents,
  templatePath,
} from './meshedServiceTemplate';
export { generatedTree, repoFrom, commitAll } from './gitRepos';
export { gitHttpBackend } from './gitHttpBackend';
