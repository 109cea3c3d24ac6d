import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium.ts';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

describe('TinySeek in headless Chromium', () => {
  it('runs on webgpu, shows the adapter, logs no errors, and saves the README screenshot', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1200, height: 720 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(ctx.baseUrl);
    await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).toBe('webgpu');
    await expect(page.getByTestId('adapter').textContent()).resolves.toMatch(/Adapter: \S/);
    await expect(page.getByRole('region', { name: 'Model views' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: 'tests/e2e/screenshots/app.png' });
    expect(errors).toEqual([]);
  });

  it('starts at the backend the URL asks for', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).toBe('wasm');
  });

  it('falls back from webgpu when Chromium has no WebGPU, and says why', async () => {
    const browser = await chromium.launch({
      executablePath: ensureChromium(),
      args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'),
    });
    try {
      const page = await browser.newPage();
      await page.goto(ctx.baseUrl);
      await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).not.toBe('webgpu');
      await page.getByText(/Fell back from webgpu/).click();
      await expect(page.getByText(/webgpu:/).textContent()).resolves.toMatch(/adapter|navigator\.gpu/);
    } finally {
      await browser.close();
    }
  });
});
