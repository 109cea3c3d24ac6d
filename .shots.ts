// temporary screenshot driver (not committed)
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from './scripts/chromium.ts';

const server = await preview({ logLevel: 'warn', build: { outDir: '/tmp/shell-dist' }, preview: { host: '127.0.0.1', port: 0 } });
const a = server.httpServer.address();
const base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/`;
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
const sizes = (process.env.SIZES ?? '1440x900,1280x720,390x844').split(',');
const schemes = (process.env.SCHEMES ?? 'light,dark').split(',') as ('light' | 'dark')[];
const path = process.env.URLPATH ?? '?backend=wasm';
for (const size of sizes) {
  const [width, height] = size.split('x').map(Number);
  for (const colorScheme of schemes) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme });
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(base + path);
    await page.getByTestId('model-name').waitFor({ timeout: 120000 }).catch(() => {});
    await page.waitForFunction(() => /Token \d+ of \d+/.test(document.body.innerText), null, { timeout: 120000 }).catch(() => {});
    await page.waitForTimeout(2500);
    const h = await page.evaluate(() => document.documentElement.scrollHeight);
    const step = await page.evaluate(() => document.querySelector('.stepping')?.getBoundingClientRect().bottom);
    console.log(size, colorScheme, 'height', h, 'ratio', (h / height).toFixed(2), 'stepping bottom', step);
    await page.screenshot({ path: `/tmp/shots/${size}-${colorScheme}.png` });
    if (process.env.BOTTOM) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/shots/${size}-${colorScheme}-bottom.png` });
    }
    await page.close();
  }
}
await browser.close();
await server.close();
