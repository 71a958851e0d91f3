import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { screenshotPath, signInAsGuest } from './signIn';

test('a lead asks who runs log4j-core below 2.17.1, exports the answer and notifies the owners', async ({
  page,
}) => {
  await signInAsGuest(page);
  // the page is discovered by the app and listed in the sidebar
  await page.getByRole('link', { name: 'Who is affected?' }).click();
  await expect(
    page.getByRole('textbox', { name: 'Advisory id' }),
  ).toBeVisible();

  const form = page.getByRole('form', { name: 'Zero-day question' });
  await form.getByRole('button', { name: 'Package' }).click();
  // maven is the default ecosystem; the name without its group matches any group
  await page.getByRole('textbox', { name: 'Package' }).fill('log4j-core');
  await page.getByRole('textbox', { name: 'Version range' }).fill('<2.17.1');
  await form.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(
    /ecosystem=maven&package=log4j-core&range=%3C2.17.1/,
  );

  // legacy-sso-bridge's grype SBOM holds log4j-core 2.13.2 (the demo's seeded SBOMs)
  const components = page.getByRole('table', { name: 'Affected components' });
  const bridge = components.getByRole('row', { name: /Legacy SSO bridge/ });
  await expect(bridge).toBeVisible();
  await expect(bridge.getByRole('cell').nth(4)).toHaveText('2.13.2');
  await expect(bridge.getByText('Known exploited (KEV)')).toBeVisible();
  await expect(
    bridge.getByRole('link', { name: 'identity@golden-path.invalid' }),
  ).toHaveAttribute('href', 'mailto:identity@golden-path.invalid');
  // no component that runs another version or no log4j at all
  await expect(components.getByRole('row')).toHaveCount(2);
  const teams = page.getByRole('table', { name: 'Affected teams' });
  await expect(teams.getByRole('row', { name: /Identity/ })).toBeVisible();
  // the team rolls up into Engineering
  await expect(
    teams
      .getByRole('row', { name: /Engineering/ })
      .getByRole('cell')
      .nth(3),
  ).toHaveText('1');
  await expect(
    page.getByText('Affected components by owning team: Identity 1.'),
  ).toBeAttached();
  await page.screenshot({
    path: screenshotPath('lead-zero-day-package'),
    fullPage: true,
  });

  // the CSV is the table's components with the owners' contacts
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('affected-components.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(csv[0]).toContain('"entityRef","title","ownerRef","ownerEmail"');
  expect(csv[1]).toContain(
    '"component:default/legacy-sso-bridge","Legacy SSO bridge","group:default/identity-team","identity@golden-path.invalid"',
  );
  expect(csv.filter(Boolean)).toHaveLength(2);

  // by advisory: Log4Shell's CVE names the shipped OSV record, with its fixed versions
  await form.getByRole('button', { name: 'Advisory' }).click();
  await page
    .getByRole('textbox', { name: 'Advisory id' })
    .fill('CVE-2021-44228');
  await form.getByRole('button', { name: 'Search' }).click();
  const advisory = page.getByRole('region', { name: 'Advisory' });
  await expect(advisory.getByText('GHSA-jfh8-c2jp-5v3q')).toBeVisible();
  await expect(
    advisory.getByText('Fixed in: 2.12.2, 2.15.0, 2.3.1'),
  ).toBeVisible();
  await expect(
    components.getByRole('row', { name: /Legacy SSO bridge/ }),
  ).toBeVisible();

  // avery.lead is a security lead in the demo: one notification to the owning team
  await page.getByRole('button', { name: 'Notify owners' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    '1 team(s) will each get one notification',
  );
  await dialog.getByRole('button', { name: 'Notify' }).click();
  await expect(
    page.getByText('Notified 1 team(s): group:default/identity-team'),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('lead-zero-day-advisory'),
    fullPage: true,
  });
});

test("a component's Dependencies tab lists its SBOM's packages with licences and the findings on each", async ({
  page,
}) => {
  await signInAsGuest(page);
  // payments-api: npm's SPDX SBOM of a Node service, seeded by the demo
  await page.goto('/catalog/default/component/payments-api');
  await page.getByRole('link', { name: 'Dependencies', exact: true }).click();
  const table = page.getByRole('table', { name: 'Dependencies' });
  const lodash = table.getByRole('row', { name: /pkg:npm\/lodash@4\.17\.20/ });
  await expect(lodash).toBeVisible();
  await expect(lodash.getByText('MIT')).toBeVisible();
  await expect(lodash.getByText('Direct', { exact: true })).toBeVisible();
  // the shipped OSV seed's lodash advisory (CVE-2021-23337) matched the SBOM: a finding on it
  await expect(lodash.getByLabel(/open finding/)).toBeVisible();
  await page
    .getByRole('search', { name: 'Dependency filters' })
    .getByRole('searchbox', { name: 'Search' })
    .fill('debug');
  await expect(
    table.getByRole('row', { name: /pkg:npm\/debug@2\.6\.9/ }),
  ).toBeVisible();
  await expect(lodash).toBeHidden();
  await page.screenshot({
    path: screenshotPath('developer-dependencies'),
    fullPage: true,
  });
});
