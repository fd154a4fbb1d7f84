/*
 * The real scaffolder backend with Meshport's module for tests: started with a catalog and a config,
 * and a task of a template run to its end through the scaffolder's REST API.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleServiceMesh } from '../module';

const auth = mockCredentials.user.header('user:default/guest');

/**
 * The scaffolder backend (in-memory SQLite) with Meshport's actions, a catalog (of `entities`, or a given
 * mock) and `config`.
 */
export async function startScaffolder(
  catalog: Entity[] | ReturnType<typeof catalogServiceMock>,
  config: Record<string, any>,
) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleServiceMesh,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () =>
          Array.isArray(catalog)
            ? catalogServiceMock({ entities: catalog })
            : catalog,
      }),
      databaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          ...config,
        },
      }),
    ],
  });
  return server;
}

/** Runs a task of `templateRef` as the guest user to its end; returns its status, events and outputs. */
export async function runTask(
  server: Awaited<ReturnType<typeof startScaffolder>>,
  templateRef: string,
  values: Record<string, unknown>,
) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', auth)
    .send({ templateRef, values });
  if (created.status !== 201) {
    throw new Error(`task not created: ${JSON.stringify(created.body)}`);
  }
  for (;;) {
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', auth);
    const end = events.body.find((e: any) => e.type === 'completion');
    if (end) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', auth);
      return {
        status: task.body.status as string,
        error: end.body.error?.message as string | undefined,
        output: end.body.output,
        events: events.body as unknown[],
      };
    }
    await new Promise(r => setTimeout(r, 250));
  }
}
