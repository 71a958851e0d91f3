import { expect, test as setup } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import YAML from 'yaml';

setup('upload the demo scanner reports and create the demo campaigns', () => {
  const manifest: Record<string, string[]> = YAML.parse(
    fs.readFileSync('examples/scans/manifest.yaml', 'utf8'),
  );
  const reports = Object.values(manifest).flat().length;
  const output = execFileSync(
    process.execPath,
    ['scripts/seed-demo.mjs', '--url', 'http://localhost:7017'],
    { encoding: 'utf8', timeout: 240_000 },
  );
  expect(output).toContain(`seeded ${reports} demo reports`);
  // the zero-day journey asks about the shipped OSV advisories: the seed waits for their refresh
  expect(output).toMatch(/golden-path: [1-9]\d* advisories stored/);
  const campaigns: unknown[] = YAML.parse(
    fs.readFileSync('examples/campaigns.yaml', 'utf8'),
  );
  expect(output).toContain(`seeded ${campaigns.length} demo campaigns`);
});
