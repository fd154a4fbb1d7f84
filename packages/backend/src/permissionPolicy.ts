/*
 * The development portal's permission policy. Every request already carries an identity (guest sign-in);
 * this policy decides what that identity may do. productionPolicy.ts installs it when
 * `meshport.permissionPolicy` is `development`.
 */
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/** Allows everything to signed-in users: the local portal has a single developer. */
export class DevelopmentPermissionPolicy implements PermissionPolicy {
  async handle(
    _request: PolicyQuery,
    _user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  }
}
