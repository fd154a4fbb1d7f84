/*
 * What Argo CD would deploy from a local repository, read from its Git history: for each Argo CD
 * Application in deploy/argocd, the commit its `targetRevision` named at every commit of the checked-out
 * branch (the branch's own name, or HEAD, follows the branch; a commit id pins it, as a rollback does).
 * The development sandbox's Argo CD answers with it.
 */
import fs from 'node:fs';
import git from 'isomorphic-git';
import { parse } from 'yaml';
import { ARGOCD_DIR } from '../layout';

/** One deployment of an application: the commit it deployed, from the commit that asked for it on. */
export interface LocalDeploy {
  revision: string;
  /** Commit time (Unix seconds) of the branch commit from which the application deployed `revision`. */
  since: number;
}

/** An Argo CD Application of a local repository as the branch head declares it, with its deploys. */
export interface LocalApplication {
  name: string;
  source: { repoURL: string; path: string; targetRevision: string };
  /** Oldest first; the last one is what runs now. */
  deploys: LocalDeploy[];
}

/** How many branch commits are read (newest first). */
const DEPTH = 50;

const memo = new Map<string, Promise<Map<string, LocalApplication>>>();

interface ApplicationFile {
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    source?: { repoURL?: string; path?: string; targetRevision?: string };
  };
}

async function applicationsAt(dir: string, oid: string) {
  const out: Array<{ name: string; source: LocalApplication['source'] }> = [];
  let entries: Array<{ path: string; oid: string; type: string }> = [];
  try {
    ({ tree: entries } = await git.readTree({
      fs,
      dir,
      oid,
      filepath: ARGOCD_DIR,
    }));
  } catch {
    return out; // no Argo CD directory at this commit
  }
  for (const entry of entries) {
    if (entry.type !== 'blob' || !entry.path.endsWith('.yaml')) continue;
    const { blob } = await git.readBlob({ fs, dir, oid: entry.oid });
    let value: ApplicationFile | undefined;
    try {
      value = parse(Buffer.from(blob).toString('utf8')) as ApplicationFile;
    } catch {
      continue;
    }
    const source = value?.spec?.source;
    if (value?.kind !== 'Application' || !value.metadata?.name || !source) {
      continue;
    }
    out.push({
      name: value.metadata.name,
      source: {
        repoURL: source.repoURL ?? '',
        path: source.path ?? '',
        targetRevision: source.targetRevision ?? 'HEAD',
      },
    });
  }
  return out;
}

async function read(
  dir: string,
  branch: string,
  head: string,
): Promise<Map<string, LocalApplication>> {
  const commits = (
    await git.log({ fs, dir, ref: head, depth: DEPTH })
  ).reverse();
  const resolve = async (target: string, at: string) => {
    if (target === 'HEAD' || target === branch) return at;
    try {
      return /^[0-9a-f]{4,40}$/.test(target)
        ? await git.expandOid({ fs, dir, oid: target })
        : await git.resolveRef({ fs, dir, ref: target });
    } catch {
      return undefined; // names no commit: Argo CD would fail to sync it
    }
  };
  const apps = new Map<string, LocalApplication>();
  for (const { oid, commit } of commits) {
    for (const { name, source } of await applicationsAt(dir, oid)) {
      const app = apps.get(name) ?? { name, source, deploys: [] };
      app.source = source;
      apps.set(name, app);
      const revision = await resolve(source.targetRevision, oid);
      if (revision && app.deploys.at(-1)?.revision !== revision) {
        app.deploys.push({ revision, since: commit.committer.timestamp });
      }
    }
  }
  // An application the head no longer declares is no longer deployed from the repository.
  const current = new Set((await applicationsAt(dir, head)).map(a => a.name));
  return new Map([...apps].filter(([name]) => current.has(name)));
}

/**
 * The Argo CD Applications of the local repository `dir`, by name, as of its checked-out branch's head.
 * Read again whenever the head moves (a new commit shows at the next call).
 */
export async function localApplications(
  dir: string,
): Promise<Map<string, LocalApplication>> {
  const branch = await git.currentBranch({ fs, dir });
  if (!branch) return new Map();
  const head = await git.resolveRef({ fs, dir, ref: branch });
  const key = `${dir}\n${head}`;
  let answer = memo.get(key);
  if (!answer) {
    for (const k of memo.keys()) if (k.startsWith(`${dir}\n`)) memo.delete(k);
    answer = read(dir, branch, head);
    answer.catch(() => memo.delete(key));
    memo.set(key, answer);
  }
  return answer;
}

/** Author, date and message of a commit of `dir` (Argo CD's revision metadata); undefined if unknown. */
export async function localCommit(
  dir: string,
  revision: string,
): Promise<{ author: string; date: string; message: string } | undefined> {
  try {
    const oid = await git.expandOid({ fs, dir, oid: revision });
    const { commit } = await git.readCommit({ fs, dir, oid });
    return {
      author: `${commit.author.name} <${commit.author.email}>`,
      date: new Date(commit.author.timestamp * 1000)
        .toISOString()
        .replace('.000Z', 'Z'),
      message: commit.message.trim(),
    };
  } catch {
    return undefined;
  }
}
