// Draws the tab bar icons (miniprogram/assets/tabbar/*.png) from the SVG shapes below, in
// Debian's Chromium: 81x81 px as WeChat recommends, a grey outline for the normal state and a
// filled brand-blue one for the selected state (app.json tabBar color / selectedColor).
// The PNGs are committed; run `npx tsx scripts/draw-tab-icons.ts` after changing a shape.
import fs from 'fs';
import path from 'path';
import { chromium } from 'playwright-core';
import appJson from '../miniprogram/app.json';

const SIZE = 81;
const OUT = path.resolve(__dirname, '../miniprogram/assets/tabbar');

/** One 24x24 viewBox path per tab; `fill` draws the selected state, `stroke` the normal one. */
const SHAPES: Record<string, string> = {
  // a speech bubble with a tail
  chat: 'M12 3.5c-4.97 0-9 3.36-9 7.5 0 2.3 1.24 4.36 3.2 5.74L5.5 20.5l4.06-2.2c.78.17 1.6.2 2.44.2 4.97 0 9-3.36 9-7.5s-4.03-7.5-9-7.5z',
  // a compass: the ring and its needle
  discover: 'M12 2.75a9.25 9.25 0 1 0 0 18.5 9.25 9.25 0 0 0 0-18.5zM15.8 8.2l-2.1 5.5-5.5 2.1 2.1-5.5z',
  // a person: head and shoulders
  me: 'M12 3.25a4.25 4.25 0 1 0 0 8.5 4.25 4.25 0 0 0 0-8.5zM3.75 20.25c0-3.6 3.7-6.25 8.25-6.25s8.25 2.65 8.25 6.25z',
};

function svg(shape: string, selected: boolean): string {
  const color = selected ? appJson.tabBar.selectedColor : appJson.tabBar.color;
  const paint = selected ? `fill="${color}" fill-rule="evenodd"` : `fill="none" stroke="${color}" stroke-width="1.6" stroke-linejoin="round"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 24 24"><path d="${shape}" ${paint}/></svg>`;
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  for (const [name, shape] of Object.entries(SHAPES)) {
    for (const selected of [false, true]) {
      await page.setContent(`<body style="margin:0;background:transparent">${svg(shape, selected)}</body>`);
      const file = path.join(OUT, `${name}${selected ? '-selected' : ''}.png`);
      await page.locator('svg').screenshot({ path: file, omitBackground: true });
      console.log(path.relative(process.cwd(), file));
    }
  }
  await browser.close();
}

void main();
