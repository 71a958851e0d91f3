import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The browser suite: Playwright drives Debian's chromium against the real instance, which this
 * config starts (the built app served by the backend on :7017, fresh SQLite data for every run).
 */
// Set once by the runner; workers load this file again and inherit the same folder.
process.env.GOLDEN_PATH_E2E_DATA_DIR ??= fs.mkdtempSync(
  path.join(os.tmpdir(), 'golden-path-e2e-'),
);
const dataDir = process.env.GOLDEN_PATH_E2E_DATA_DIR;
const root = __dirname;

export default defineConfig({
  testDir: 'test/browser',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/playwright.json' }],
  ],
  outputDir: 'test-results/browser',
  projects: [
    // Uploads the demo scanner reports through the API, as CI would, before any journey.
    { name: 'seed', testMatch: /seed\.setup\.ts/ },
    { name: 'journeys', testMatch: /\.spec\.ts/, dependencies: ['seed'] },
  ],
  webServer: {
    command: `yarn workspace backend start --config ${root}/app-config.yaml --config ${root}/app-config.e2e.yaml`,
    // Backstage's readiness endpoint: 200 once every plugin has started
    url: 'http://localhost:7017/.backstage/health/v1/readiness',
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { GOLDEN_PATH_E2E_DATA_DIR: dataDir },
  },
  use: {
    baseURL: 'http://localhost:7017',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
