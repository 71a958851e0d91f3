import { defineConfig } from '@playwright/test';
import path from 'node:path';

/**
 * The install test's browser checks (test/install/run.sh sets the environment): the fresh app that
 * run.sh created, built and installed the tarballs into, started on SQLite with its frontend served
 * by its backend on one port. Not part of the browser suite (playwright.config.ts at the root).
 */
const app = process.env.GP_INSTALL_APP;
if (!app) {
  throw new Error('GP_INSTALL_APP is not set: run test/install/run.sh');
}
const port = process.env.GP_INSTALL_PORT ?? '7027';
const root = path.resolve(__dirname, '../..');
const log = process.env.GP_INSTALL_LOG ?? '/dev/null';

export default defineConfig({
  testDir: __dirname,
  testMatch: /install\.spec\.ts/,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: true,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: path.join(root, 'test-results/install'),
  webServer: {
    // the app's own yarn and backstage-cli, as `yarn start` of the app would run its backend
    command: `yarn workspace backend start --config ${app}/app-config.yaml --config ${__dirname}/app-config.install.yaml >>'${log}' 2>&1`,
    cwd: app,
    url: `http://localhost:${port}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: {
      GP_INSTALL_PORT: port,
      GP_INSTALL_DATA_DIR: process.env.GP_INSTALL_DATA_DIR ?? '',
      GP_INSTALL_CATALOG: path.join(__dirname, 'catalog.yaml'),
    },
  },
  use: {
    baseURL: `http://localhost:${port}`,
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
