/*
 * The GitOps routes: roll an environment back, read the canary analysis, take a canary step. Each
 * reads the entity with the caller's credentials, checks the entity's resource permission before any
 * Git work, and audits every change attempt (who, what, environment, revisions, commit, the pull
 * request on GitHub, outcome).
 */
import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  gitopsCanaryPermission,
  gitopsRollbackPermission,
  isKubernetesName,
  type CanaryStep,
  type GitOpsProposal,
} from '@meshport/plugin-service-mesh-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  isGitRef,
  isSafeText,
} from '@meshport/plugin-scaffolder-backend-module-service-mesh/gitops';
import { entityAccess, parse } from './routeHelpers';
import type { GitOpsActor, GitOpsService } from './services/gitops';

/** Dependencies of the GitOps routes. */
export interface GitOpsRouterOptions {
  gitops: GitOpsService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
}

const environment = z
  .string()
  .refine(
    v => isKubernetesName(v, 'dns1123-label'),
    'not an environment name of the repository (a DNS-1123 label)',
  );
const reason = z
  .string()
  .max(500, 'at most 500 characters')
  // Control characters would forge commit trailers or log lines; the scaffolder actions' rule.
  .refine(
    isSafeText,
    'must be one line without control or bidirectional-override characters',
  )
  .refine(v => v.trim().length > 0, 'must not be empty');
const rollbackBody = z
  .object({
    environment,
    revision: z
      .string()
      .max(255, 'at most 255 characters')
      .refine(isGitRef, 'must be a commit id or a branch name'),
    mode: z.enum(['preview', 'propose']),
    reason: reason.optional(),
  })
  .strict()
  .refine(b => b.mode === 'preview' || b.reason !== undefined, {
    message: 'required to propose the change',
    path: ['reason'],
  });
const canaryBody = z
  .object({
    environment,
    step: z.enum(['set-weights', 'promote', 'abort']),
    canaryWeight: z
      .number()
      .int('a whole number')
      .min(0, 'from 0 to 100')
      .max(100, 'from 0 to 100')
      .optional(),
    reason,
    override: z.boolean().default(false),
  })
  .strict()
  .refine(b => (b.step === 'set-weights') === (b.canaryWeight !== undefined), {
    message: 'required for set-weights, and only for it',
    path: ['canaryWeight'],
  });

/** The signed-in user behind the credentials; a service cannot author a change. */
function actorOf(credentials: BackstageCredentials): GitOpsActor {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  if (!principal.userEntityRef) {
    throw new NotAllowedError(
      'GitOps changes are made by signed-in users only',
    );
  }
  return { userEntityRef: principal.userEntityRef };
}

/** What a proposal is in a log line and an audit event: the commit, and the pull request if any. */
function proposed(result: GitOpsProposal) {
  return result.repository === 'github'
    ? {
        text: `pull request ${result.pullRequest.url} (commit ${result.change.commit})`,
        meta: {
          commit: result.change.commit,
          pullRequest: result.pullRequest.url,
        },
      }
    : {
        text: `commit ${result.change.commit}`,
        meta: { commit: result.change.commit },
      };
}

/** Builds the GitOps routes (see openapi.yaml). */
export function createGitOpsRouter(
  options: GitOpsRouterOptions,
): express.Router {
  const { gitops, auditor, logger } = options;
  const { entityFor, authorize } = entityAccess(options);
  const router = Router();
  router.use(express.json());
  const ENTITY = '/entities/:kind/:namespace/:name';

  router.post(`${ENTITY}/rollback`, async (req, res) => {
    const entity = await entityFor(req);
    const entityRef = stringifyEntityRef(entity);
    const body = parse(rollbackBody, req.body, 'body');
    const event = await auditor.createEvent({
      eventId: 'gitops-rollback',
      severityLevel: body.mode === 'propose' ? 'medium' : 'low',
      request: req,
      meta: {
        entityRef,
        mode: body.mode,
        environment: body.environment,
        toRevision: body.revision,
      },
    });
    try {
      const credentials = await authorize(
        req,
        gitopsRollbackPermission,
        entityRef,
      );
      const actor = actorOf(credentials);
      const result = await gitops.rollback(entity, body, actor);
      const revisions = {
        fromRevision: result.preview.from.commit,
        toRevision: result.preview.to.commit,
      };
      if (result.mode === 'propose') {
        const { text, meta } = proposed(result);
        logger.info(
          `${actor.userEntityRef} rolled ${body.environment} of ${entityRef} back to ${revisions.toRevision}: ${text}`,
        );
        await event.success({ meta: { ...revisions, ...meta } });
      } else {
        await event.success({ meta: revisions });
      }
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get(`${ENTITY}/canary/analysis`, async (req, res) => {
    const entity = await entityFor(req);
    const query = parse(z.object({ environment }).strict(), req.query, 'query');
    await authorize(req, gitopsCanaryPermission, stringifyEntityRef(entity));
    res.json(await gitops.canaryAnalysis(entity, query.environment));
  });

  router.post(`${ENTITY}/canary`, async (req, res) => {
    const entity = await entityFor(req);
    const entityRef = stringifyEntityRef(entity);
    const body = parse(canaryBody, req.body, 'body');
    const step: CanaryStep =
      body.step === 'set-weights'
        ? { step: body.step, canaryWeight: body.canaryWeight! }
        : { step: body.step };
    const event = await auditor.createEvent({
      eventId: 'gitops-canary',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef,
        environment: body.environment,
        ...step,
        override: body.override,
      },
    });
    try {
      const credentials = await authorize(
        req,
        gitopsCanaryPermission,
        entityRef,
      );
      const actor = actorOf(credentials);
      const result = await gitops.canaryStep(
        entity,
        {
          environment: body.environment,
          step,
          reason: body.reason,
          override: body.override,
        },
        actor,
      );
      const { text, meta } = proposed(result);
      logger.info(
        `${actor.userEntityRef} took canary step ${body.step} of ${entityRef}: ${text}`,
      );
      await event.success({
        meta: {
          fromWeight: result.canary.canaryWeight,
          ...meta,
          ...(result.analysis ? { analysis: result.analysis.verdict } : {}),
          overridden: result.overridden,
        },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
