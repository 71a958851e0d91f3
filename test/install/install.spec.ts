import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The fresh Backstage app of test/install/run.sh, with the packed tarballs installed by the
 * README's lines: the scaffolder lists the golden-path actions, a report uploaded with the CLI (run
 * through npx from its installed tarball) grades the component on its catalog page, and the
 * scorecard grades its owner.
 */
const ciDir = process.env.GP_INSTALL_CI_DIR!;
const baseUrl = `http://localhost:${process.env.GP_INSTALL_PORT ?? '7027'}`;
const fixture = path.resolve(__dirname, '../fixtures/trivy/trivy_fs_npm.json');

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByText('My Company Catalog')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test('the scaffolder lists the goldenpath actions', async ({ page }) => {
  await signIn(page);
  await page.goto('/create/actions');
  for (const action of [
    'goldenpath:parameters:validate',
    'goldenpath:secrets:scan',
    'goldenpath:policy:check',
    'goldenpath:provenance:write',
    'goldenpath:publish:git',
    'goldenpath:posture:enroll',
    'goldenpath:template:upgrade',
  ]) {
    await expect(page.getByText(action, { exact: true }).first()).toBeVisible();
  }
});

test('a report uploaded with the CLI grades the component on its page', async ({
  page,
}) => {
  // the catalog reads the component a few seconds after start-up: upload until it knows it
  let output = '';
  await expect
    .poll(
      () => {
        try {
          output = execFileSync(
            'npx',
            [
              'golden-path',
              'upload',
              '--url',
              baseUrl,
              '--token',
              'golden-path-install-test-ci-token',
              '--entity',
              'component:default/install-service',
              '--branch',
              'main',
              '--commit',
              '0123456789abcdef0123456789abcdef01234567',
              '--retries',
              '0',
              fixture,
            ],
            { cwd: ciDir, encoding: 'utf8', stdio: 'pipe' },
          );
          return 'uploaded';
        } catch (error) {
          output = String((error as { stderr?: string }).stderr ?? error);
          return output;
        }
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBe('uploaded');
  expect(output).toMatch(/grade [A-F]/);

  await signIn(page);
  await page.goto('/catalog/default/component/install-service');
  await expect(page.getByText('Security posture').first()).toBeVisible();
  await expect(page.getByText(/^Grade [A-F]$/).first()).toBeVisible();
  await page.screenshot({
    path: 'test-results/install/component-card.png',
    fullPage: true,
  });
});

test('the scorecard grades the component owner', async ({ page }) => {
  await signIn(page);
  await page.goto('/security-scorecard');
  await expect(page.getByRole('tab', { name: 'Teams' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Install team' });
  await expect(row.first()).toBeVisible();
  await expect(
    row
      .first()
      .getByText(/^[A-F]$/)
      .first(),
  ).toBeVisible();
  await page.screenshot({
    path: 'test-results/install/scorecard.png',
    fullPage: true,
  });
});
