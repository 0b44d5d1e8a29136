// Helpers for end-to-end tests: build once, serve, launch Debian's Chromium, open the phones page
// and get each phone's frame.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type BrowserContext, type ElementHandle, type Frame, type Page } from 'playwright-core';
import { buildPreview } from '../../preview/build/build-preview';
import { startPreviewServer, type PreviewServer } from '../../preview/server';
import type { PhoneWindow } from './phone-globals';
import { LocalCloud } from '../../localcloud/src/cloud';
import { seedDemo } from '../../scripts/seed';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');
const DOCS_SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');

/**
 * Saves what a phone (or any element, e.g. the console page's body) shows into
 * test-output/screenshots/<name>.png. Shots that illustrate the docs are also copied to
 * docs/screenshots/ when `npm run screenshots` asks for it (UPDATE_DOCS_SCREENSHOTS=1), so an
 * ordinary test run never rewrites tracked files.
 */
export async function shot(target: Frame | { screenshot(o: { path: string }): Promise<unknown> }, name: string, options: { docs?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  const element = 'frameElement' in target ? await target.frameElement() : target;
  await element.screenshot({ path: file });
  if (options.docs && process.env.UPDATE_DOCS_SCREENSHOTS === '1') fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  return file;
}

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PreviewSession {
  server: PreviewServer;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openPhones(users = 'alice:Alice,bob:Bob', cloudUrl?: string): Promise<PreviewSession> {
  await buildPreview({ projectRoot: PROJECT_ROOT });
  const server = await startPreviewServer({ cloudUrl });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 900, height: 820 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.url}?users=${encodeURIComponent(users)}`);
  return {
    server,
    context,
    page,
    async close() {
      await context.close();
      await server.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The frame of one phone, once its first page is on screen. */
export async function phone(page: Page, openid: string): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe[data-openid="${openid}"]`);
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('body[data-preview-ready="true"]');
  return frame;
}

export async function errorsOf(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => (window as unknown as PhoneWindow).__previewErrors);
}

export interface PhonesOnCloud {
  cloud: LocalCloud;
  session: PreviewSession;
  /** Closes the browser and the preview server, stops the cloud and removes its data. */
  close(): Promise<void>;
}

/**
 * The usual e2e stage: a fresh local cloud (its own temporary data folder, timers off so tests fire
 * them), the demo community when `seed` is set, and the phones page open on it.
 */
export async function openPhonesOnCloud(users: string, options: { seed?: boolean } = {}): Promise<PhonesOnCloud> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-'));
  const cloud = await LocalCloud.start({ port: 0, dataDir, functions: { timers: false } });
  if (options.seed) await seedDemo(cloud);
  const session = await openPhones(users, cloud.url);
  return {
    cloud,
    session,
    async close() {
      await session.close();
      await cloud.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Holds the mouse on an element until `opened` appears (what a long press opens, e.g. an action
 * sheet item), then releases. Waits for the element to stop moving first: a chat scrolls to its
 * newest message when it opens.
 */
export async function longPress(page: Page, frame: Frame, element: ElementHandle, opened: string): Promise<void> {
  await element.scrollIntoViewIfNeeded();
  await element.waitForElementState('stable');
  const box = (await element.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await frame.waitForSelector(opened);
  await page.mouse.up();
}
