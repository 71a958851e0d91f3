import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import { screenshotPath, signInAsGuest } from './signIn';

// the data team's demo CI credential: analytics-dashboard is the data team's
const CI_TOKEN = 'golden-path-dev-ci-data-team';

async function openSecurityTab(page: Page, name: string) {
  await page.goto(`/catalog/default/component/${name}/security`);
  await expect(page.getByRole('table', { name: 'Findings' })).toBeVisible();
}

test('a developer sees the security card and the findings of their component', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api');
  await expect(page.getByText('Security posture').first()).toBeVisible();
  await expect(page.getByText(/^Grade [A-F]$/).first()).toBeVisible();
  // the OpenSSF Scorecard report seeded for payments-api: its check, score and reason
  const checks = page.getByRole('list', { name: 'OpenSSF Scorecard checks' });
  await expect(checks.getByText('Check-Name: 5 / 10')).toBeVisible();
  await expect(checks.getByText('half score reason')).toBeVisible();
  await checks.getByText('Details of Check-Name').click();
  await expect(
    checks.getByText('Warn: warn message: src/file1.cpp:5'),
  ).toBeVisible();
  await page.screenshot({
    path: screenshotPath('developer-card'),
    fullPage: true,
  });

  await page.getByRole('link', { name: 'Security', exact: true }).click();
  const table = page.getByRole('table', { name: 'Findings' });
  await expect(table).toBeVisible();
  // filter to one tool and open a finding's detail
  await page.getByRole('searchbox', { name: 'Search' }).fill('Gruntfile');
  await expect(table.getByText('Gruntfile.js').first()).toBeVisible();
  // the finding's title opens its detail
  await table.getByRole('row').nth(1).getByRole('button').first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Gruntfile.js').first()).toBeVisible();
  await page.screenshot({
    path: screenshotPath('developer-finding-detail'),
    fullPage: true,
  });
});

test('a lead drills from a team down to a component on the scorecard', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/security-scorecard');
  await expect(page.getByRole('tab', { name: 'Teams' })).toBeVisible();
  // avery.lead leads payments: "my teams" is the default view
  await expect(
    page.getByRole('checkbox', { name: 'Only my teams' }),
  ).toBeChecked();
  await expect(page.getByText('Payments').first()).toBeVisible();
  await page.getByRole('button', { name: 'Expand Payments' }).click();
  await expect(page.getByText('Checkout squad').first()).toBeVisible();
  await page.screenshot({
    path: screenshotPath('lead-scorecard'),
    fullPage: true,
  });

  await page
    .getByRole('link', { name: 'Security tab of payments-api' })
    .click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-api\/security/,
  );
  await expect(page.getByRole('table', { name: 'Findings' })).toBeVisible();

  await page.goto('/security-scorecard');
  await page.getByRole('tab', { name: 'Systems' }).click();
  await expect(page.getByText('Identity').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Domains' }).click();
  await expect(page.getByText('Commerce').first()).toBeVisible();
});

test('scanner text from a real finding is shown as text and never runs', async ({
  page,
  request,
}) => {
  // A real ESLint SARIF log whose rule and message carry markup and a javascript: link.
  const sarif = JSON.parse(
    fs.readFileSync(
      'examples/scans/eslint_sarif-tutorials_simple-example.sarif',
      'utf8',
    ),
  );
  const hostile =
    '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"><b>bold</b>';
  const run = sarif.runs[0];
  run.tool.driver.rules[0].shortDescription = { text: hostile };
  run.tool.driver.rules[0].helpUri = 'javascript:window.__xss=3';
  run.results[0].message.text = `${hostile} [click](javascript:window.__xss=4)`;
  const upload = await request.post(
    '/api/security-posture/v1/reports?entityRef=component:default/analytics-dashboard',
    {
      headers: {
        Authorization: `Bearer ${CI_TOKEN}`,
        'Content-Type': 'application/json',
      },
      data: JSON.stringify(sarif),
    },
  );
  expect(upload.status()).toBe(201);

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/analytics-dashboard');
  await expect(page.getByText('Security posture').first()).toBeVisible();
  await openSecurityTab(page, 'analytics-dashboard');
  await expect(
    page.getByText('<b>bold</b>', { exact: false }).first(),
  ).toBeVisible();
  await page
    .getByRole('table', { name: 'Findings' })
    .getByRole('button', { name: /<b>bold<\/b>/ })
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.screenshot({
    path: screenshotPath('xss-as-text'),
    fullPage: true,
  });

  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});
