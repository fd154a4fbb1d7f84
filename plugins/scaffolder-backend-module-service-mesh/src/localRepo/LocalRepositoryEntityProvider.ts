import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/**
 * Offers the catalog one `file` Location per local repository that has a catalog-info.yaml, so that
 * services published by `meshport:local-repo:publish` appear in the catalog. Only the configured
 * directory is ever read; the catalog API keeps refusing `file` locations from users.
 */
export class LocalRepositoryEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastKey = '';

  constructor(
    private readonly directory: string,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return 'meshport-local-repositories';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.refresh();
  }

  /** Scans the directory and replaces the provided Locations when the set of repositories changed. */
  async refresh(): Promise<void> {
    if (!this.connection) return;
    const targets = fs.existsSync(this.directory)
      ? fs
          .readdirSync(this.directory, { withFileTypes: true })
          .filter(e => e.isDirectory())
          .map(e => join(this.directory, e.name, 'catalog-info.yaml'))
          .filter(f => this.isOwnFile(f))
          .sort()
      : [];
    const key = targets.join('\n');
    if (key === this.lastKey) return;
    this.lastKey = key;
    const entities = targets.map(target => {
      const entity = locationSpecToLocationEntity({
        location: { type: 'file', target },
      });
      return { entity, locationKey: `file:${target}` };
    });
    this.logger.info(
      `Offering ${entities.length} local repositories to the catalog`,
    );
    await this.connection.applyMutation({ type: 'full', entities });
  }

  /**
   * True for a regular file (not a symbolic link) whose real path lies inside the directory: the
   * catalog reads what is offered, and a link would let a repository point it at any file of the host.
   * The real path also catches a repository directory swapped for a link after it was listed.
   */
  private isOwnFile(file: string): boolean {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) return false;
    const rel = relative(
      fs.realpathSync(this.directory),
      fs.realpathSync(file),
    );
    return !rel.startsWith('..') && !isAbsolute(rel);
  }
}
