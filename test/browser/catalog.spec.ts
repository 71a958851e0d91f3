import { expect, test } from '@playwright/test';
import { screenshotPath, signInAsGuest } from './signIn';

// The catalog table shows each component's title.
const demoComponents = [
  'Payments API',
  'Ledger worker',
  'Checkout web',
  'Fraud scoring',
  'Auth service',
  'User profile API',
  'Legacy SSO bridge',
  'CI runner images',
  'Analytics dashboard',
];

test('the catalog lists every demo component', async ({ page }) => {
  await signInAsGuest(page);
  // The guest is avery.lead; show all components, not only the owned ones.
  await page.getByRole('menuitem', { name: /^All/ }).click();
  await expect(page.getByText('All Components (9)')).toBeVisible();
  for (const name of demoComponents) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: screenshotPath('catalog'), fullPage: true });
});

test('a component page renders its owner, system and lifecycle', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api');
  await expect(
    page.getByRole('heading', { name: 'Payments API' }).first(),
  ).toBeVisible();
  const about = page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: 'About' }) });
  await expect(
    about.getByRole('link', { name: 'Payments' }).first(),
  ).toBeVisible();
  await expect(about.getByText('production')).toBeVisible();
  await expect(
    about.getByText('Accepts and settles card payments.'),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('entity-page'),
    fullPage: true,
  });
});
