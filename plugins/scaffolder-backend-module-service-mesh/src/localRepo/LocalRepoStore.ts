import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import git from 'isomorphic-git';
import { isKubernetesName } from '@meshport/plugin-service-mesh-common';
import { ServiceMeshScaffolderConfig } from '../config';

/** Where a local repository lives and how the catalog and Argo CD refer to it. */
export interface LocalRepo {
  name: string;
  directory: string;
  /** `file://` clone URL. */
  cloneUrl: string;
}

/** Git repositories on the local disk, one per service, under the configured directory. */
export class LocalRepoStore {
  constructor(
    private readonly settings: ServiceMeshScaffolderConfig['localPublish'],
  ) {}

  /** True when `serviceMeshScaffolder.localPublish` is configured. */
  get enabled(): boolean {
    return Boolean(this.settings);
  }

  private root(): string {
    if (!this.settings) {
      throw new NotAllowedError(
        'Local publishing is not configured: set serviceMeshScaffolder.localPublish.directory, or publish with publish:github',
      );
    }
    return this.settings.directory;
  }

  /** The repository a name maps to; the name must be a DNS-1123 label, so it cannot leave the directory. */
  locate(name: string): LocalRepo {
    if (!isKubernetesName(name, 'dns1035-label')) {
      throw new InputError(
        `localRepository: "${name}" must be a DNS-1123 label (lowercase letters, digits, "-")`,
      );
    }
    const directory = resolve(this.root(), name);
    return { name, directory, cloneUrl: pathToFileURL(directory).href };
  }

  /** The branch new repositories start on (`localPublish.defaultBranch`). */
  get defaultBranch(): string {
    return this.settings?.defaultBranch ?? 'main';
  }

  /** The repository `path` lies in (the directory's first level below the root), if any. */
  repositoryOf(path: string): LocalRepo | undefined {
    if (!this.enabled || !this.contains(path)) return undefined;
    const name = relative(this.root(), resolve(path)).split(/[\\/]/)[0];
    try {
      return this.locate(name);
    } catch {
      return undefined;
    }
  }

  /** True when `path` lies inside the configured directory. */
  contains(path: string): boolean {
    const rel = relative(this.root(), resolve(path));
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  }

  /**
   * Creates the repository with one commit holding every file of `sourceDir`. Refuses a workspace
   * holding anything but regular files and directories (a symbolic link would put a file of the
   * backend host into the repository, or make the catalog read one), and refuses an existing
   * repository. Returns the commit id.
   */
  async publish(
    name: string,
    sourceDir: string,
    commit: { message: string; author: { name: string; email: string } },
  ): Promise<LocalRepo & { commitHash: string; branch: string }> {
    const repo = this.locate(name);
    const files = await listFiles(sourceDir);
    const branch = this.defaultBranch;
    await mkdir(this.root(), { recursive: true });
    await claim(repo);
    // From here on the directory is this task's own: on failure it goes, and only it.
    try {
      for (const file of files) {
        await mkdir(dirname(join(repo.directory, file)), { recursive: true });
        await copyFile(join(sourceDir, file), join(repo.directory, file));
      }
      await git.init({ fs, dir: repo.directory, defaultBranch: branch });
      for (const filepath of files) {
        await git.add({ fs, dir: repo.directory, filepath });
      }
      const commitHash = await git.commit({
        fs,
        dir: repo.directory,
        message: commit.message,
        author: commit.author,
      });
      return { ...repo, commitHash, branch };
    } catch (e) {
      await rm(repo.directory, { recursive: true, force: true });
      throw e;
    }
  }
}

/**
 * Creates the repository's directory, failing if it exists: `mkdir` is atomic, so of two tasks (in
 * one process or in two replicas on one disk) publishing the same name exactly one gets it.
 */
export async function claim(repo: LocalRepo): Promise<void> {
  try {
    await mkdir(repo.directory);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InputError(
        `localRepository: a repository named "${repo.name}" already exists; choose another name`,
      );
    }
    throw e;
  }
}

/** Relative paths of the regular files under `dir`, sorted, without `.git`; refuses anything else. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (
    await readdir(join(dir, prefix), { withFileTypes: true })
  ).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === '.git') continue;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, path)));
    else if (entry.isFile()) out.push(path);
    else {
      throw new InputError(
        `sourcePath: "${path}" is ${entry.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; local publishing copies only regular files and directories`,
      );
    }
  }
  return out;
}
