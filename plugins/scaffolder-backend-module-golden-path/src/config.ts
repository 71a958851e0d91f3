import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@backstage/config';

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

/** The nearest parent of `start` whose package.json declares workspaces (the monorepo root). */
export function findMonorepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    try {
      const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (json && typeof json === 'object' && 'workspaces' in json) return dir;
    } catch {
      // no readable package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/**
 * Reads the golden-path scaffolder settings with their defaults.
 *
 * @public
 */
export function readGoldenPathScaffolderConfig(
  config: Config,
): GoldenPathScaffolderConfig {
  const root = findMonorepoRoot();
  const local =
    config.getOptionalString('goldenPath.scaffolder.localGitRoot') ??
    '.data/git';
  const backendBaseUrl =
    config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007';
  const baseUrl =
    config.getOptionalString('goldenPath.scaffolder.localGitBaseUrl') ??
    `${backendBaseUrl}/golden-path-git`;
  return {
    localGitRoot: path.resolve(root, local),
    localGitBaseUrl: baseUrl.replace(/\/+$/, ''),
    extraPolicies: (
      config.getOptionalStringArray('goldenPath.scaffolder.extraPolicies') ?? []
    ).map(p => path.resolve(root, p)),
  };
}
