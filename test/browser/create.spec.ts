import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import YAML from 'yaml';
import { screenshotPath, signInAsGuest } from './signIn';

const templates = [
  {
    title: 'Hardened Node.js service',
    name: 'e2e-node-quotes',
    ref: 'node-service',
  },
  {
    title: 'Hardened Python service',
    name: 'e2e-python-rates',
    ref: 'python-service',
  },
  { title: 'Hardened Go service', name: 'e2e-go-ledger', ref: 'go-service' },
];

for (const template of templates) {
  test(`a developer creates a service from the ${template.ref} template`, async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    await signInAsGuest(page);
    await page.goto('/create');
    await expect(page.getByText(template.title).first()).toBeVisible();
    await page.goto(`/create/templates/default/${template.ref}`);
    await page.getByRole('textbox', { name: 'Name' }).fill(template.name);
    await page
      .getByRole('textbox', { name: 'Description' })
      .fill('Created by the browser suite.');
    await page.getByRole('textbox', { name: 'Owner' }).click();
    await page
      .getByRole('option', { name: /^Payments/ })
      .first()
      .click();
    await page.getByRole('textbox', { name: 'System' }).click();
    await page
      .getByRole('option', { name: /payments/i })
      .first()
      .click();
    await page.getByRole('button', { name: /^Security tier/ }).click();
    await page.getByRole('option', { name: /Tier 1/ }).click();
    await page.screenshot({
      path: screenshotPath(`create-${template.ref}-form`),
    });
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    await expect(
      page.getByRole('link', { name: 'Open in catalog' }),
    ).toBeVisible({
      timeout: 120_000,
    });
    await page.screenshot({
      path: screenshotPath(`create-${template.ref}-done`),
    });
    await page.getByRole('link', { name: 'Open in catalog' }).click();
    // the catalog processes a newly registered location asynchronously: reload until it has it
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByRole('heading', { name: template.name }).first(),
      ).toBeVisible({ timeout: 2_000 });
      await expect(page.getByText('Entity not found')).toHaveCount(0);
    }).toPass({ timeout: 90_000 });
    // enrolled by the template: the card waits for the first scan
    await expect(page.getByText(/awaiting first scan/i).first()).toBeVisible();

    // the catalog entity carries owner, tier and the template's ref and version
    const token = (
      await (
        await request.get('/api/auth/guest/refresh?env=development', {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        })
      ).json()
    ).backstageIdentity.token;
    const entity = await (
      await request.get(
        `/api/catalog/entities/by-name/component/default/${template.name}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      )
    ).json();
    expect(entity.spec.owner).toBe('group:default/payments-team');
    expect(entity.metadata.annotations['golden-path.dev/security-tier']).toBe(
      '1',
    );
    expect(entity.metadata.annotations['golden-path.dev/template-ref']).toBe(
      `template:default/${template.ref}`,
    );
    expect(
      entity.metadata.annotations['golden-path.dev/template-version'],
    ).toMatch(/^\d+\.\d+\.\d+$/);

    // and the repository holds the provenance file
    const repo = path.join(
      process.env.GOLDEN_PATH_E2E_DATA_DIR!,
      'git',
      `${template.name}.git`,
    );
    const provenance = YAML.parse(
      execFileSync(
        'git',
        ['--git-dir', repo, 'show', 'main:.golden-path/provenance.yaml'],
        {
          encoding: 'utf8',
        },
      ),
    );
    expect(JSON.stringify(provenance)).toContain(
      `template:default/${template.ref}`,
    );
    expect(JSON.stringify(provenance)).toContain(
      entity.metadata.annotations['golden-path.dev/template-version'],
    );
  });
}
