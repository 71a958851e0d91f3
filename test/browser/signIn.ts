import { expect, Page } from '@playwright/test';

/**
 * Signs in with the guest provider (as the demo user avery.lead) and waits for the catalog, so no
 * navigation interrupts the sign-in.
 */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('heading', { name: 'Golden Path Demo Catalog' }),
  ).toBeVisible();
}

/** Where each journey saves its screenshot, kept as a test artifact. */
export function screenshotPath(name: string) {
  return `test-results/screenshots/${name}.png`;
}
