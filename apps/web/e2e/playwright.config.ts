import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// Browser tests of the web app against the real stack, started the way `npm start` starts it (global-setup.ts).
// Debian's Chromium: Playwright's own browser download cannot work on these machines.
const root = path.resolve(__dirname, '../../..');

export default defineConfig({
  testDir: __dirname,
  testMatch: '*.pw.ts',
  outputDir: path.join(root, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
