/*
 * The Git side of GitOps edits, with isomorphic-git (as local publishing): read the tree of any
 * revision, refuse a working tree with uncommitted changes, and commit a set of file changes on the
 * checked-out branch. One edit at a time per repository in this process.
 */
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import git from 'isomorphic-git';
import { isMeshportFile, RepoFiles } from './repository';

/** A change of one file: its new text, or `undefined` to delete it. */
export interface FileChange {
  path: string;
  content: string | undefined;
}

/** How a file changes from `before` to `after` (undefined: absent). */
export function changeOf(
  before: string | undefined,
  after: string | undefined,
): 'added' | 'modified' | 'deleted' {
  if (before === undefined) return 'added';
  return after === undefined ? 'deleted' : 'modified';
}

/** Who a commit is by. */
export interface CommitAuthor {
  name: string;
  email: string;
}

const queues = new Map<string, Promise<unknown>>();

/** A Git repository with a working tree on the local disk. */
export class GitRepository {
  constructor(readonly dir: string) {}

  /** The commit a revision (full or abbreviated id, branch, tag) names; refuses an unknown one. */
  async resolve(revision: string): Promise<string> {
    try {
      const oid = /^[0-9a-f]{4,40}$/.test(revision)
        ? await git.expandOid({ fs, dir: this.dir, oid: revision })
        : await git.resolveRef({ fs, dir: this.dir, ref: revision });
      await git.readCommit({ fs, dir: this.dir, oid });
      return oid;
    } catch {
      throw new InputError(
        `revision: "${revision}" is not a commit of the repository`,
      );
    }
  }

  /** The checked-out branch. */
  async branch(): Promise<string> {
    const branch = await git.currentBranch({ fs, dir: this.dir });
    if (!branch) {
      throw new InputError(
        'The repository has no branch checked out (detached HEAD)',
      );
    }
    return branch;
  }

  /** The names of the local branches. */
  branches(): Promise<string[]> {
    return git.listBranches({ fs, dir: this.dir });
  }

  /** The Meshport files (manifests, Argo CD files, catalog entity) of a commit, by path in order. */
  async filesAt(oid: string): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    await git.walk({
      fs,
      dir: this.dir,
      trees: [git.TREE({ ref: oid })],
      map: async (path, [entry]) => {
        if (!entry || path === '.') return true;
        if ((await entry.type()) !== 'blob') return true;
        if (isMeshportFile(path)) {
          const content = await entry.content();
          files.set(path, Buffer.from(content!).toString('utf8'));
        }
        return true;
      },
    });
    // The walk reads blobs concurrently: sort, so that everything derived from the order is stable.
    return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Refuses a working tree whose Meshport files differ from HEAD (hand edits not committed). */
  async assertClean(): Promise<void> {
    const matrix = await git.statusMatrix({
      fs,
      dir: this.dir,
      filter: isMeshportFile,
    });
    const changed = matrix.find(
      ([, head, workdir, stage]) =>
        !(head === 1 && workdir === 1 && stage === 1),
    );
    if (changed) {
      throw new InputError(
        `${changed[0]}: has uncommitted changes in ${this.dir}; commit or discard them first`,
      );
    }
  }

  /**
   * Writes the changes into the working tree and commits them on the checked-out branch; returns the
   * commit id. Callers run it through `exclusive`.
   */
  async commit(
    changes: FileChange[],
    message: string,
    author: CommitAuthor,
  ): Promise<string> {
    for (const change of changes) {
      const file = `${this.dir}/${change.path}`;
      if (change.content === undefined) {
        await rm(file);
        await git.remove({ fs, dir: this.dir, filepath: change.path });
      } else {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, change.content, 'utf8');
        await git.add({ fs, dir: this.dir, filepath: change.path });
      }
    }
    return git.commit({ fs, dir: this.dir, message, author });
  }

  /** Runs `task` after every earlier task on this repository in this process has finished. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const previous = queues.get(this.dir) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    queues.set(this.dir, next);
    return next;
  }
}

/** The tree after the changes. */
export function applyChanges(files: RepoFiles, changes: FileChange[]) {
  const result = new Map(files);
  for (const change of changes) {
    if (change.content === undefined) result.delete(change.path);
    else result.set(change.path, change.content);
  }
  return result;
}
