import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { screenshotPath, signInAsGuest } from './signIn';

const DAY_MS = 24 * 60 * 60 * 1000;
const day = (time: number) => new Date(time).toISOString().slice(0, 10);

test('a lead creates a campaign, sees its burn-down and the teams left; the owner sees it on the card', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Security campaigns' }).click();
  // avery.lead is a security lead in the demo: campaign.manage
  await page.getByRole('button', { name: 'New campaign' }).click();
  const dialog = page.getByRole('dialog');
  const title = `No critical finding in payments ${Date.now()}`;
  await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
  await dialog
    .getByRole('textbox', { name: 'Description' })
    .fill('<b>Audit</b> in January: fix or except every critical finding.');
  await dialog
    .getByRole('textbox', { name: 'CEL expression' })
    .fill('posture.open.critical ==');
  await dialog
    .getByRole('textbox', { name: 'Systems' })
    .fill('system:default/payments');
  await dialog.getByLabel('Deadline').fill(day(Date.now() + 45 * DAY_MS));
  await dialog.getByRole('button', { name: 'Save' }).click();
  // the server refuses an expression that does not compile, naming the field; the form stays
  await expect(dialog.getByRole('alert')).toContainText('goal.expression');
  await dialog
    .getByRole('textbox', { name: 'CEL expression' })
    .fill('posture.open.critical == 0');
  await dialog.getByRole('button', { name: 'Save' }).click();

  // the new campaign's page, evaluated before the answer: progress, burn-down, teams, components
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page).toHaveURL(/\/security-campaigns\/[0-9a-f-]{36}$/);
  await expect(
    page.getByText(
      '<b>Audit</b> in January: fix or except every critical finding.',
    ),
  ).toBeVisible();
  await expect(page.getByText(/^\d+ of \d+ compliant$/).first()).toBeVisible();
  await expect(
    page.getByText(/^From \d+ failing on \d{4}-\d\d-\d\d to \d+ failing on/),
  ).toBeAttached();
  const teams = page.getByRole('table', { name: 'Teams in the campaign' });
  await expect(
    teams.getByRole('row', { name: /Payments/ }).first(),
  ).toBeVisible();
  const components = page.getByRole('table', {
    name: 'Components in the campaign',
  });
  const payments = components.getByRole('row', { name: /Payments API/ });
  // payments-api's Trivy image scan (Alpine 3.10) has critical findings: failing, and why
  await expect(payments.getByRole('cell').nth(2)).toHaveText('Failing');
  await expect(payments.getByRole('cell').nth(3)).toContainText(
    'does not meet posture.open.critical == 0',
  );
  // failing components come first, and the Payments team has them left
  await expect(components.getByRole('row').nth(1)).toContainText('Failing');
  await expect(
    teams
      .getByRole('row', { name: /^Payments/ })
      .getByRole('cell')
      .nth(1),
  ).not.toHaveText('0');
  // no component outside the payments system
  await expect(
    components.getByRole('row', { name: /Legacy SSO bridge/ }),
  ).toHaveCount(0);
  await page.screenshot({
    path: screenshotPath('lead-campaign'),
    fullPage: true,
  });

  // the CSV lists the same components
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe(
    '"entityRef","title","ownerRef","compliant","reason","campaign","deadline"',
  );
  expect(
    csv.some(line => line.startsWith('"component:default/payments-api"')),
  ).toBe(true);
  const paymentsState = (
    await payments.getByRole('cell').nth(2).textContent()
  )?.trim();

  // listed with its progress
  await page.getByRole('link', { name: 'All campaigns' }).click();
  const list = page.getByRole('table', { name: 'Campaigns' });
  await expect(
    list.getByRole('row', { name: new RegExp(title) }),
  ).toContainText('Active');

  // the owner's view: the campaign on payments-api's card, in the same state
  await page.goto('/catalog/default/component/payments-api');
  const card = page.getByRole('list', {
    name: 'Campaigns this component is in',
  });
  const item = card.getByRole('listitem').filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item).toContainText(paymentsState ?? 'unknown');
  await item.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await page.screenshot({
    path: screenshotPath('owner-campaign-card'),
    fullPage: true,
  });

  // clean up: the lead deletes it
  await page.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Delete' })
    .click();
  // back on the list, where it is no more
  await expect(page).toHaveURL(/\/security-campaigns$/);
  await expect(
    page
      .getByRole('table', { name: 'Campaigns' })
      .getByRole('row', { name: /Log4Shell/ }),
  ).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(title) })).toHaveCount(
    0,
  );
});

test("the demo's finding campaign links each failing component's matching findings", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/security-campaigns');
  // seeded by the demo (examples/campaigns.yaml)
  const row = page
    .getByRole('table', { name: 'Campaigns' })
    .getByRole('row', { name: /Log4Shell/ });
  await expect(row).toContainText('No open finding matching CVE-2021-44228');
  await row.getByRole('link', { name: /Log4Shell/ }).click();
  // legacy-sso-bridge's grype SBOM of log4j-core 2.14.1 (CVE-2021-44228)
  const bridge = page
    .getByRole('table', { name: 'Components in the campaign' })
    .getByRole('row', { name: /Legacy SSO bridge/ });
  await expect(bridge.getByRole('cell').nth(2)).toHaveText('Failing');
  await bridge.getByRole('link', { name: 'Matching findings' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/legacy-sso-bridge\/security\?q=CVE-2021-44228$/,
  );
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(
    'CVE-2021-44228',
  );
  const findings = page.getByRole('table', { name: 'Findings' });
  await expect(findings.getByRole('row').nth(1)).toContainText(
    'CVE-2021-44228',
  );
  // the Security tab lists the campaign, failing, with what is left
  const campaigns = page.getByRole('list', {
    name: 'Campaigns this component is in',
  });
  await expect(
    campaigns.getByRole('listitem').filter({ hasText: 'Log4Shell' }),
  ).toContainText('open finding(s) match: CVE-2021-44228');
});

test("a lead exports the demo period's compliance evidence and opens the printable report", async ({
  page,
  browser,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Compliance evidence' }).click();
  const today = day(Date.now());
  // the demo's period: the last week, of which only the days since the demo started are retained
  const from = day(Date.now() - 6 * DAY_MS);
  await page.getByLabel('From').fill(from);
  await page.getByLabel('To').fill(today);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${today}`));
  const controls = page.getByRole('table', { name: 'Controls' });
  // the built-in policies carry ISO/IEC 27001:2022 and SOC 2 references
  await expect(controls.getByRole('row', { name: /A\.8\.8/ })).toBeVisible();
  await expect(controls.getByRole('row', { name: /CC7\.1/ })).toBeVisible();
  await expect(
    page.getByText(/day\(s\) of the period have no retained snapshot/),
  ).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download HTML' }).click(),
  ]);
  const file = await download.path();
  const html = fs.readFileSync(file);
  const digest = `sha-256=${createHash('sha256')
    .update(html)
    .digest('base64')}`;
  // the digest shown is the one the audit log recorded, and it is the file's
  await expect(
    page.getByText(`Recorded in the audit log with SHA-256 ${digest}`),
  ).toBeVisible();
  expect(html.toString('utf8')).toContain("default-src 'none'");
  await page.screenshot({
    path: screenshotPath('lead-evidence'),
    fullPage: true,
  });

  // the printable report, opened as the auditor opens the file
  const report = await browser.newPage();
  await report.goto(`file://${file}`);
  await expect(report.getByText('A.8.8').first()).toBeVisible();
  await expect(report.getByText(today).first()).toBeVisible();
  await report.screenshot({
    path: screenshotPath('auditor-evidence-report'),
    fullPage: true,
  });
  await report.close();
});
