// Looks for the run's secrets in every captured log and answer file of a log directory.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuedUserTokens } from './session.mjs';

/** The secrets of a run, by what they are: the stack's and every user token this process obtained. */
export function runSecrets(stack) {
  return {
    'database password': stack.secrets.postgresPassword,
    'Argo CD token': stack.secrets.argocdToken,
    'Kiali token': stack.secrets.kialiToken,
    'service token': stack.secrets.externalToken,
    ...Object.fromEntries(
      [...issuedUserTokens].map((t, i) => [`user token ${i + 1}`, t]),
    ),
  };
}

/**
 * Scans every `.log` and `.ndjson` file of `dir` line by line. Returns the files and number of lines
 * scanned and each leak as `<what> in <file>:<line>`.
 */
export function scanForSecrets(dir, secrets) {
  const files = readdirSync(dir).filter(
    f => f.endsWith('.log') || f.endsWith('.ndjson'),
  );
  let lines = 0;
  const leaks = [];
  for (const file of files) {
    const fileLines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines += fileLines.length;
    fileLines.forEach((line, n) => {
      for (const [what, value] of Object.entries(secrets)) {
        // A JWT's signature alone identifies it: match the whole value and its last segment.
        const needles = [value, value.split('.').pop()].filter(
          v => v.length >= 16,
        );
        if (needles.some(needle => line.includes(needle)))
          leaks.push(`${what} in ${file}:${n + 1}`);
      }
    });
  }
  return { files, lines, leaks };
}
