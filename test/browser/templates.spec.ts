import { expect, test } from '@playwright/test';
import { screenshotPath, signInAsGuest } from './signIn';

test('a platform engineer opens the templates page: versions, changelog, adoption and the components made from a template', async ({
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
  const nodeTab = tabs.getByRole('tab', { name: /Node\.js.*\(1\.0\.0\)/ });
  await expect(nodeTab).toBeVisible();
  await nodeTab.click();

  // versions and the changelog read from templates/node-service/CHANGELOG.md
  const versions = page.getByRole('list', { name: 'Versions and changelog' });
  await expect(versions.getByText('Version 1.0.0')).toBeVisible();
  await expect(versions.getByText('latest', { exact: true })).toBeVisible();
  // security entries are labelled in words
  await expect(
    versions.getByText('Security', { exact: true }).first(),
  ).toBeVisible();
  await expect(
    versions.getByText(/multi-stage build that runs the service's tests/),
  ).toBeVisible();

  // the chart's figures, as a table: the demo's components made from node-service 1.0.0
  const adoption = page.getByRole('table', { name: 'Components per version' });
  const row = adoption.getByRole('row').filter({ hasText: '1.0.0' });
  await expect(row).toBeVisible();
  const count = Number((await row.getByRole('cell').last().innerText()).trim());
  expect(count).toBeGreaterThanOrEqual(2);

  // the components made from it, with owner, distance and security releases behind
  const components = page.getByRole('table', {
    name: 'Components made from it',
  });
  const ledger = components
    .getByRole('row')
    .filter({ hasText: 'Ledger worker' });
  await expect(ledger).toBeVisible();
  await expect(ledger.getByRole('link', { name: 'Payments' })).toBeVisible();
  await expect(ledger.getByRole('cell').nth(2)).toHaveText('1.0.0');
  await expect(ledger.getByRole('cell').nth(3)).toHaveText('0');
  await expect(page.getByText(/Every component is on 1\.0\.0\./)).toBeVisible();
  await page.screenshot({
    path: screenshotPath('platform-templates'),
    fullPage: true,
  });
});
