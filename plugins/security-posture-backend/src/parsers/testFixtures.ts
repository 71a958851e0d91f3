import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

function findFixturesRoot(): string {
  // The repository and `shared/` are siblings (…/main and …/shared); walk up from here.
  const start = resolvePackagePath(
    '@golden-path/plugin-security-posture-backend',
  );
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'shared', 'fixtures');
    if (fs.existsSync(path.join(candidate, 'README.md'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`shared/fixtures not found above ${start}`);
    }
    dir = parent;
  }
}

/** Absolute path of a file in the shared scanner-output fixtures. Test use only. */
export function fixturePath(...segments: string[]): string {
  return path.join(findFixturesRoot(), ...segments);
}

/** The raw bytes of a fixture. Test use only. */
export function readFixture(...segments: string[]): Buffer {
  return fs.readFileSync(fixturePath(...segments));
}

/** Every fixture file name in a fixture folder. Test use only. */
export function fixtureFiles(folder: string): string[] {
  return fs.readdirSync(fixturePath(folder)).sort();
}
