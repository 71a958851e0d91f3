import path from 'node:path';
import type { Config } from '@backstage/config';
import {
  findMonorepoRoot,
  localRepositoriesFromConfig,
} from '@golden-path/template-upgrade';

/**
 * The golden-path scaffolder settings, read from `goldenPath.scaffolder` (see config.d.ts).
 *
 * @public
 */
export interface GoldenPathScaffolderConfig {
  /** Absolute directory of the local bare repositories. */
  localGitRoot: string;
  /** URL prefix of the local repositories as the catalog reads them, without trailing slash. */
  localGitBaseUrl: string;
  /** Absolute paths of extra workspace policy files or directories. */
  extraPolicies: string[];
}

export { findMonorepoRoot };

/**
 * Reads the golden-path scaffolder settings with their defaults.
 *
 * @public
 */
export function readGoldenPathScaffolderConfig(
  config: Config,
): GoldenPathScaffolderConfig {
  const root = findMonorepoRoot();
  const repositories = localRepositoriesFromConfig(config);
  return {
    localGitRoot: repositories.root,
    localGitBaseUrl: repositories.baseUrl,
    extraPolicies: (
      config.getOptionalStringArray('goldenPath.scaffolder.extraPolicies') ?? []
    ).map(p => path.resolve(root, p)),
  };
}
