/*
 * A local repository made by the generator with a short history (the development sandbox's example
 * services): each commit is the generated tree of one input. Created only where nothing exists yet, so
 * a repository someone has changed, or any other directory of that name, is never touched.
 */
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import git from 'isomorphic-git';
import { parseDocument } from 'yaml';
import { repoLocation } from '../actions/repoLocation';
import { generateService } from '../generator';
import { YAML_OUTPUT } from '../generator/render';
import { CATALOG_FILE } from '../layout';
import { validateServiceInput } from '../spec/input';
import type { CommitAuthor } from '../gitops/git';
import { claim, type LocalRepoStore } from './LocalRepoStore';

/** One commit of a seeded repository: the generator's input then, the message and the time. */
export interface SeedCommit {
  /** Input of `meshport:service:generate`, without `localRepository` (the seed sets it). */
  input: Record<string, unknown>;
  message: string;
  /** Commit time, Unix seconds. */
  timestamp: number;
}

/** What {@link seedRepository} makes: the name, the generated commits, and catalog fields to add. */
export interface RepositorySeed {
  name: string;
  author: CommitAuthor;
  commits: SeedCommit[];
  /** Fields the generator does not write, set in catalog-info.yaml (path → value), e.g. a title. */
  catalogFields?: Array<{ path: string[]; value: unknown }>;
}

/** The generated files of one commit, with the catalog fields set. */
async function filesOf(
  store: LocalRepoStore,
  seed: RepositorySeed,
  commit: SeedCommit,
): Promise<Map<string, string>> {
  const spec = validateServiceInput({
    ...commit.input,
    localRepository: seed.name,
  });
  const generated = await generateService(spec, repoLocation(spec, store));
  const errors = generated.findings.filter(f => f.severity === 'error');
  if (errors.length > 0) {
    throw new InputError(
      `${seed.name}: the seed's manifests would not work in the mesh: ${errors.map(f => f.message).join('; ')}`,
    );
  }
  const files = new Map(generated.files.map(f => [f.path, f.content]));
  if (seed.catalogFields?.length) {
    const doc = parseDocument(files.get(CATALOG_FILE)!);
    for (const { path, value } of seed.catalogFields) doc.setIn(path, value);
    files.set(CATALOG_FILE, doc.toString(YAML_OUTPUT));
  }
  return files;
}

/**
 * Creates repository `seed.name` in the store with one commit per seed commit, unless a file or
 * directory of that name exists (then `created: false` and nothing is read or written). Returns the
 * directory and the commit ids, oldest first.
 */
export async function seedRepository(
  store: LocalRepoStore,
  seed: RepositorySeed,
): Promise<{ created: boolean; directory: string; commits: string[] }> {
  const repo = store.locate(seed.name);
  if (fs.existsSync(repo.directory)) {
    return { created: false, directory: repo.directory, commits: [] };
  }
  // Generate every commit first: a bad seed leaves no directory behind.
  const trees = [];
  for (const commit of seed.commits) {
    trees.push(await filesOf(store, seed, commit));
  }
  await mkdir(dirname(repo.directory), { recursive: true });
  try {
    await claim(repo);
  } catch (e) {
    if (e instanceof InputError) {
      return { created: false, directory: repo.directory, commits: [] };
    }
    throw e;
  }
  const dir = repo.directory;
  try {
    await git.init({ fs, dir, defaultBranch: store.defaultBranch });
    const commits: string[] = [];
    let previous = new Map<string, string>();
    for (const [i, files] of trees.entries()) {
      for (const path of previous.keys()) {
        if (!files.has(path)) {
          await rm(join(dir, path));
          await git.remove({ fs, dir, filepath: path });
        }
      }
      for (const [path, content] of files) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content, 'utf8');
        await git.add({ fs, dir, filepath: path });
      }
      const { message, timestamp } = seed.commits[i];
      commits.push(
        await git.commit({
          fs,
          dir,
          message,
          author: { ...seed.author, timestamp, timezoneOffset: 0 },
        }),
      );
      previous = files;
    }
    return { created: true, directory: dir, commits };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
