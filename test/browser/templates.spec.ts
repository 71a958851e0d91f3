import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import YAML from 'yaml';
import { screenshotPath, signInAsGuest } from './signIn';

/** A file of a branch of a demo repository in the run's local git root. */
function show(repo: string, ref: string, file: string): string {
  return execFileSync(
    'git',
    [
      '--git-dir',
      path.join(process.env.GOLDEN_PATH_E2E_DATA_DIR!, 'git', `${repo}.git`),
      'show',
      `${ref}:${file}`,
    ],
    { encoding: 'utf8' },
  );
}

/** node-service's newest version: what templates/node-service/template.yaml declares. */
const LATEST: string = YAML.parse(
  fs.readFileSync(
    path.join(
      __dirname,
      '..',
      '..',
      'templates',
      'node-service',
      'template.yaml',
    ),
    'utf8',
  ),
).metadata.annotations['golden-path.dev/template-version'];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test("a platform engineer sees who is behind node-service's newest version and upgrades a component into a branch", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAsGuest(page);
  await page.goto('/');
  // the page is in the sidebar of an app that discovers features (app.packages: all)
  await page.getByRole('link', { name: 'Golden-path templates' }).click();
  await expect(page).toHaveURL(/\/golden-path-templates$/);

  // a tab per template of the catalog, with its version
  const tabs = page.getByRole('tablist', { name: 'Golden-path templates' });
  expect(LATEST).toMatch(/^\d+\.\d+\.\d+$/);
  const nodeTab = tabs.getByRole('tab', {
    name: new RegExp(`Node\\.js.*\\(${escape(LATEST)}\\)`),
  });
  await expect(nodeTab).toBeVisible();
  await nodeTab.click();

  // versions and the changelog read from templates/node-service/CHANGELOG.md
  const versions = page.getByRole('list', { name: 'Versions and changelog' });
  await expect(versions.getByText(`Version ${LATEST}`)).toBeVisible();
  await expect(versions.getByText('Version 1.1.0')).toBeVisible();
  await expect(versions.getByText('Version 1.0.0')).toBeVisible();
  await expect(versions.getByText('latest', { exact: true })).toBeVisible();
  // security entries are labelled in words
  await expect(
    versions.getByText('Security', { exact: true }).first(),
  ).toBeVisible();
  await expect(versions.getByText(/AppArmor profile/).first()).toBeVisible();
  await expect(
    versions.getByText(/no stored credential for the posture backend/).first(),
  ).toBeVisible();

  // the chart's figures, as a table: the demo's components made from node-service 1.0.0
  const adoption = page.getByRole('table', { name: 'Components per version' });
  const row = adoption.getByRole('row').filter({ hasText: /^1\.0\.0/ });
  await expect(row).toBeVisible();
  const count = Number((await row.getByRole('cell').last().innerText()).trim());
  expect(count).toBeGreaterThanOrEqual(2);

  // the components made from it: distance, security releases behind, drift from real repositories
  const components = page.getByRole('table', {
    name: 'Components made from it',
  });
  const ledger = components
    .getByRole('row')
    .filter({ hasText: 'Ledger worker' });
  await expect(ledger).toBeVisible();
  await expect(ledger.getByRole('link', { name: 'Payments' })).toBeVisible();
  await expect(ledger.getByRole('cell').nth(2)).toHaveText('1.0.0');
  // behind by 1.1.0 and the newest version, both security releases
  await expect(ledger.getByRole('cell').nth(3)).toHaveText('2');
  await expect(ledger.getByRole('cell').nth(4)).toHaveText('2');
  // the demo team edited the managed Dockerfile
  await expect(ledger.getByRole('cell').nth(5)).toHaveText('Drifted');
  const checkout = components
    .getByRole('row')
    .filter({ hasText: 'Checkout web' });
  await expect(checkout.getByRole('cell').nth(5)).toHaveText('In sync');

  // upgrade one component: a three-way merge into its repository's upgrade branch
  await ledger
    .getByRole('button', {
      name: `Upgrade component:default/ledger-worker to ${LATEST}`,
    })
    .click();
  await expect(
    page.getByText(
      'Upgrades: 1 offered or up to date, 0 stopped (see each component).',
    ),
  ).toBeVisible({ timeout: 60_000 });
  await expect(ledger.getByText(`Upgrade to ${LATEST} offered`)).toBeVisible();
  await expect(
    ledger.getByText('Branch golden-path/upgrade-node-service'),
  ).toBeVisible();
  await ledger.getByText('Change description').click();
  await expect(
    ledger.getByText(
      /Upgrades `template:default\/node-service` from `1\.0\.0`/,
    ),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('platform-templates'),
    fullPage: true,
  });

  // the branch holds the merge: the new version recorded, the team's changes kept, the managed
  // file the template's, the renamed file moved; main is untouched
  const branch = 'golden-path/upgrade-node-service';
  const upgraded = YAML.parse(
    show('ledger-worker', branch, '.golden-path/provenance.yaml'),
  );
  expect(upgraded.template.version).toBe(LATEST);
  // it still names the component the catalog read from this repository
  expect(upgraded.component).toBe('component:default/ledger-worker');
  expect(show('ledger-worker', branch, 'README.md')).toContain('## On call');
  expect(show('ledger-worker', branch, 'k8s/deployment.yaml')).toMatch(
    /replicas: 3[\s\S]*appArmorProfile/,
  );
  expect(show('ledger-worker', branch, 'Dockerfile')).not.toContain(
    'org.example.team',
  );
  expect(show('ledger-worker', branch, 'src/health-check.js')).toContain(
    '/healthz',
  );
  expect(show('ledger-worker', branch, 'src/ledger.js')).toContain('entries');
  // the managed workflow reaches the posture backend with the job's identity token
  const workflow = show('ledger-worker', branch, '.github/workflows/ci.yaml');
  expect(workflow).toContain(
    'id-token: write # the CLI proves this repository',
  );
  expect(workflow).not.toContain('GOLDEN_PATH_TOKEN');
  expect(show('ledger-worker', 'main', '.github/workflows/ci.yaml')).toContain(
    'GOLDEN_PATH_TOKEN',
  );
  expect(
    YAML.parse(show('ledger-worker', 'main', '.golden-path/provenance.yaml'))
      .template.version,
  ).toBe('1.0.0');
});
