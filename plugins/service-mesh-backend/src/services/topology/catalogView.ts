import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDS_ON,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { CatalogView, DeclaredDependency } from './types';

/**
 * The catalog as one caller sees it: the meshed entities it may read (`entities`, its
 * `CallerEntities` read), and an entity's declared dependencies, read with the caller's credentials (an
 * API or component it may not read declares nothing).
 */
export function catalogView(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  entities: Promise<Entity[]>,
): CatalogView {
  return {
    entities,
    declared: async (entity: Entity) => {
      const relations = entity.relations ?? [];
      const direct: DeclaredDependency[] = relations
        .filter(r => r.type === RELATION_DEPENDS_ON)
        .map(r => ({ entityRef: r.targetRef, via: { relation: 'dependsOn' } }));
      const apiRefs = relations
        .filter(r => r.type === RELATION_CONSUMES_API)
        .map(r => r.targetRef);
      if (apiRefs.length === 0) return direct;
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: apiRefs },
        { credentials },
      );
      const provided = items.flatMap((api, i) =>
        (api?.relations ?? [])
          .filter(r => r.type === RELATION_API_PROVIDED_BY)
          .map(r => ({
            entityRef: r.targetRef,
            via: { relation: 'consumesApis' as const, api: apiRefs[i] },
          })),
      );
      return [...direct, ...provided];
    },
  };
}
