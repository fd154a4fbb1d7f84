import { generateService, GeneratedService, RepoLocation } from '../generator';
import { validateServiceInput } from '../spec/input';

/** The placeholder GitHub repository that benchmark runs generate for. */
const BENCH_REPO: RepoLocation = {
  cloneUrl: 'https://github.com/meshport-bench/service.git',
  sourceLocation: 'url:https://github.com/meshport-bench/service/tree/main/',
  manifestsLocation:
    'url:https://github.com/meshport-bench/service/tree/main/deploy',
};

/**
 * Benchmark and test hook: validates a raw action input, then generates, validates and analyzes its
 * files without writing them. `repo` defaults to a placeholder GitHub repository.
 */
export async function generateAndValidate(
  input: unknown,
  repo: RepoLocation = BENCH_REPO,
): Promise<GeneratedService> {
  return generateService(validateServiceInput(input), repo);
}
