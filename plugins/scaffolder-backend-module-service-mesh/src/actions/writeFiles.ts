import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GeneratedFile } from '../generator';

/**
 * Writes generated files under `targetPath` of the workspace, never outside it. Returns a function
 * that maps a repository path to its path in the workspace, and the written paths.
 */
export async function writeGeneratedFiles(
  workspacePath: string,
  targetPath: string,
  files: GeneratedFile[],
) {
  const outDir = resolveSafeChildPath(workspacePath, targetPath);
  const inWorkspace = (path: string) =>
    targetPath === '.' ? path : `${targetPath.replace(/\/+$/, '')}/${path}`;
  const written: string[] = [];
  for (const file of files) {
    const target = resolveSafeChildPath(outDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
    written.push(inWorkspace(file.path));
  }
  return { written, inWorkspace };
}
