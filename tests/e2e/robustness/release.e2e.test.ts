/**
 * A release after a visit: the test serves the e2e build, visits it (the service worker caches it)
 * and runs a prompt; then serves a second release, a copy of the build with index.html changed and
 * sw.js written again by the build's own plugin. The installed page must download only that file,
 * keep its session and offer a reload, and Reload must bring the second release, from the cache.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/chromium.ts';
import { listFiles, offlineFiles, serviceWorkerPlugin } from '../../../src/offline/swPlugin.ts';
import { runAndGenerate, tokenPosition, waitForModel } from '../drive';
import { E2E_DIST } from '../server';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
};
const MARK = '<meta name="tinyseek-release" content="second">';

/** What the server serves (switched to the next release mid-test) and every path it was asked for. */
const site = { root: resolve(E2E_DIST), log: [] as string[], bytes: 0 };
let server: Server;
let browser: Browser;
let second: string;
let base: string;

/** The build's last step (sw.js from the folder's files), run on a changed copy of the build. */
function writeServiceWorker(dir: string) {
  const plugin = serviceWorkerPlugin();
  (plugin.configResolved as (c: unknown) => void)({ command: 'build', root: dir, build: { outDir: dir } });
  (plugin.closeBundle as () => void)();
}

beforeAll(async () => {
  second = mkdtempSync(join(tmpdir(), 'tinyseek-release-'));
  cpSync(site.root, second, { recursive: true });
  const html = readFileSync(join(second, 'index.html'), 'utf8');
  writeFileSync(join(second, 'index.html'), html.replace('<head>', `<head>${MARK}`));
  writeServiceWorker(second);

  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    site.log.push(path);
    const file = join(site.root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(site.root) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    const body = readFileSync(file);
    site.bytes += body.length;
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the release server has no port');
  base = `http://127.0.0.1:${address.port}/`;
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  if (second) rmSync(second, { recursive: true, force: true });
});

describe('a new release', () => {
  it('downloads only the changed file, offers a reload without touching the running session, and Reload brings it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}?backend=wasm`);
    await waitForModel(page);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 })
      .toBe(true);
    const firstVisit = site.bytes;
    await page.getByLabel('Prompt', { exact: true }).fill('The little fox');
    await runAndGenerate(page, 2);
    const session = await tokenPosition(page);

    // the second release goes up; the page checks for it (as a browser does on its next visit)
    Object.assign(site, { root: second, log: [], bytes: 0 });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const downloads = () => site.log.filter((p) => p !== '/sw.js');
    await expect.poll(downloads, { timeout: 60_000 }).toEqual(['/index.html']);
    // the banner is announced (role=status) and visible
    const banner = page.getByRole('status').getByText('A new version of TinySeek is ready.');
    await expect.poll(() => banner.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(downloads()).toEqual(['/index.html']); // the model, wasm and chunks are not fetched again
    console.log(`first visit ${firstVisit} bytes; the release ${site.bytes} bytes (sw.js and index.html)`);
    // nothing was swapped under the running session
    expect(await tokenPosition(page)).toEqual(session);
    expect(await page.locator('meta[name="tinyseek-release"]').count()).toBe(0);

    site.log = [];
    await page.getByRole('button', { name: 'Reload', exact: true }).click();
    await expect.poll(() => page.locator('meta[name="tinyseek-release"]').count(), { timeout: 60_000 }).toBe(1);
    await waitForModel(page);
    expect(downloads()).toEqual([]); // all of it from the cache
    expect(await banner.isVisible()).toBe(false);
    // one revision of each file is kept: the old index.html is gone
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const keys = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)));
      return keys.flat().map((u) => new URL(u).pathname);
    });
    expect(cached.filter((p) => p === '/index.html')).toHaveLength(1);
    expect(cached).toHaveLength(offlineFiles(listFiles(second)).length);
    expect(errors).toEqual([]);
    await context.close();
  });
});
