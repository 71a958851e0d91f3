import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The repository's scanner-output fixtures (test/fixtures, provenance in its README). */
function fixturesRoot(): string {
  const root = path.resolve(
    resolvePackagePath('@golden-path/plugin-security-posture-backend'),
    '..',
    '..',
    'test',
    'fixtures',
  );
  if (!fs.existsSync(path.join(root, 'README.md'))) {
    throw new Error(`scanner fixtures not found at ${root}`);
  }
  return root;
}

/** Absolute path of a file in the scanner-output fixtures. Test use only. */
function fixturePath(...segments: string[]): string {
  return path.join(fixturesRoot(), ...segments);
}

/** The raw bytes of a fixture. Test use only. */
export function readFixture(...segments: string[]): Buffer {
  return fs.readFileSync(fixturePath(...segments));
}

/** Every fixture file name in a fixture folder. Test use only. */
export function fixtureFiles(folder: string): string[] {
  return fs.readdirSync(fixturePath(folder)).sort();
}
