// The TDesign trial (docs/ui-foundation.md): tdesign-miniprogram components from node_modules,
// unmodified, rendered by the preview on glass-easel in Chromium. Records what renders and what fails.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type Frame } from 'playwright-core';
import { buildPreview } from '../../preview/build/build-preview';
import { startPreviewServer, type PreviewServer } from '../../preview/server';
import { CHROMIUM_FLAGS, PROJECT_ROOT, SCREENSHOTS } from './phones';
import type { PhoneWindow } from './phone-globals';

const FIXTURE = path.join(__dirname, 'fixtures', 'tdesign-trial');
let outDir: string;
let server: PreviewServer;
let context: BrowserContext;
let profile: string;
let frame: Frame;

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-tdesign-'));
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chromium-'));
  await buildPreview({ projectRoot: PROJECT_ROOT, miniRoot: FIXTURE, outDir });
  server = await startPreviewServer({ distDir: outDir, miniRoot: FIXTURE });
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, viewport: { width: 420, height: 720 } });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}?users=alice:Alice`);
  frame = (await (await page.waitForSelector('iframe[data-openid="alice"]')).contentFrame())!;
  await frame.waitForSelector('body[data-preview-ready="true"]');
});
afterAll(async () => {
  await context?.close();
  await server?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
});

test('TDesign components render and take taps in the preview', async () => {
  await frame.waitForSelector('.t-navbar__center >> text=TDesign trial');
  await frame.waitForSelector('.t-button >> text=主按钮 0');
  await frame.click('.t-button >> text=主按钮 0');
  await frame.waitForSelector('.t-button >> text=主按钮 1');
  await frame.waitForSelector('.t-cell__title >> text=单行标题');
  await frame.waitForSelector('.t-badge >> text=8');
  await frame.waitForSelector('.t-avatar >> text=林');
  await frame.waitForSelector('.t-chat-sender');
  await (await frame.frameElement()).screenshot({ path: path.join(SCREENSHOTS, 'tdesign-trial.png') });
  const errors = await frame.evaluate(() => (window as unknown as PhoneWindow).__previewErrors);
  expect(errors).toEqual([]);
});
