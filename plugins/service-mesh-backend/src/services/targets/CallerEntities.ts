import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createHash } from 'node:crypto';
import { MESHED_ENTITY_FIELDS, meshedEntitiesFilter } from './entityTargets';

/**
 * At most this many entities are kept over every caller's view (about 1 KB each with the row fields):
 * past it the oldest views go first, and a view larger than it is not kept at all.
 */
export const MAX_KEPT_ENTITIES = 20_000;

interface View {
  /** When the view stops answering: its read's start plus the TTL. */
  until: number;
  entities: Promise<Entity[]>;
  /** Entities counted against MAX_KEPT_ENTITIES once the read answered (at least 1 per view). */
  weight?: number;
}

/**
 * The meshed entities as one caller may read them (the catalog query of the overview's row fields, made
 * with that caller's credentials, so the catalog applies its read permission), kept for that caller's
 * next requests for `ttlMs`.
 *
 * A view answers only requests that carry the very same bearer token as the request that read it
 * (keyed by the token's SHA-256; the token itself is not kept), so no caller is ever answered with
 * another's view, and a new token (a new sign-in, other ownership claims) reads anew. A new entity, or a
 * permission change, reaches a caller within `ttlMs`. Kept in this process only, never in the shared
 * cache store. A failed read is not kept; concurrent reads of one token share one catalog query, also
 * with `ttlMs` 0, which keeps nothing past the read. The list and its entities are shared by every
 * request it answers: read them, never change them.
 */
export class CallerEntities {
  readonly #catalog: CatalogService;
  readonly #ttlMs: number;
  readonly #maxEntities: number;
  readonly #now: () => number;
  /** In the order they were read, which with one TTL is the order they expire in. */
  readonly #views = new Map<string, View>();
  #kept = 0;

  constructor(
    catalog: CatalogService,
    options: { ttlMs: number; maxEntities?: number; now?: () => number },
  ) {
    this.#catalog = catalog;
    this.#ttlMs = options.ttlMs;
    this.#maxEntities = options.maxEntities ?? MAX_KEPT_ENTITIES;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The meshed entities the caller may read. `authorization` is the request's Authorization header,
   * already verified (it produced `credentials`); without one, nothing is shared or kept.
   */
  read(
    credentials: BackstageCredentials,
    authorization: string | undefined,
  ): Promise<Entity[]> {
    if (!authorization) return this.#query(credentials);
    const now = this.#now();
    this.#expire(now);
    const key = createHash('sha256').update(authorization).digest('base64');
    const kept = this.#views.get(key);
    if (kept) return kept.entities;
    const view: View = {
      until: now + this.#ttlMs,
      entities: this.#query(credentials).then(
        items => {
          this.#answered(key, view, items.length);
          return items;
        },
        error => {
          this.#drop(key, view);
          throw error;
        },
      ),
    };
    this.#views.set(key, view);
    return view.entities;
  }

  #query(credentials: BackstageCredentials): Promise<Entity[]> {
    return this.#catalog
      .getEntities(
        { filter: meshedEntitiesFilter(), fields: MESHED_ENTITY_FIELDS },
        { credentials },
      )
      .then(r => r.items);
  }

  #answered(key: string, view: View, count: number) {
    if (this.#views.get(key) !== view) return;
    if (view.until <= this.#now()) {
      this.#drop(key, view);
      return;
    }
    view.weight = Math.max(1, count);
    this.#kept += view.weight;
    for (const [oldKey, old] of this.#views) {
      if (this.#kept <= this.#maxEntities) break;
      if (old.weight !== undefined) this.#drop(oldKey, old);
    }
  }

  /** Drops the expired views that answered (a read still running is dropped when it answers). */
  #expire(now: number) {
    for (const [key, view] of this.#views) {
      if (view.until > now) break;
      if (view.weight !== undefined) this.#drop(key, view);
    }
  }

  #drop(key: string, view: View) {
    if (this.#views.get(key) !== view) return;
    this.#views.delete(key);
    this.#kept -= view.weight ?? 0;
  }
}
