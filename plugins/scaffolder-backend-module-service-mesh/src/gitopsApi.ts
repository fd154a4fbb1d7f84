/**
 * The GitOps operations on a Meshport service repository (rollback, canary steps) for other backend
 * plugins: `@meshport/plugin-scaffolder-backend-module-service-mesh/gitops`. The Service Mesh backend's
 * routes call exactly what the scaffolder actions call; the local repositories are the ones
 * `serviceMeshScaffolder.localPublish` configures.
 *
 * @packageDocumentation
 */
export {
  canaryStep,
  describeRepository,
  previewRollback,
  rollback,
} from './gitops/operations';
export type { ChangeRequest, RepositoryDescription } from './gitops/operations';
export type { CommitAuthor } from './gitops/git';
export { readServiceMeshScaffolderConfig } from './config';
export type { ServiceMeshScaffolderConfig } from './config';
export { LocalRepoStore } from './localRepo/LocalRepoStore';
export type { LocalRepo } from './localRepo/LocalRepoStore';
/** The rules the GitOps actions apply to a revision and to a reason, for other callers' inputs. */
export { isGitRef, isSafeText } from './spec/formats';
/** The development sandbox: example repositories made by the generator, and what Argo CD deploys from one. */
export { seedRepository } from './localRepo/seedRepository';
export type { RepositorySeed, SeedCommit } from './localRepo/seedRepository';
export { localApplications, localCommit } from './localRepo/localDeployments';
export type {
  LocalApplication,
  LocalDeploy,
} from './localRepo/localDeployments';
/** The GitHub path: the same operations in a temporary clone, proposed as pull requests. */
export {
  GitHubProposals,
  parseGitHubRepoUrl,
  proposalBranch,
} from './gitops/github';
export type { GitHubRepository, PullRequest } from './gitops/github';
export { changeRepository, readRepository } from './gitops/proposals';
export type { GitOpsContext, GitOpsRepository } from './gitops/proposals';
