/**
 * The Model flow on the Explore page, in headless Chromium on the shipped model: wholly on the
 * first screen at 1440×900 and 1280×720 after a prompt, following the selected token as it steps,
 * every kind of block opening its detail view at its layer, and the vertical form on a phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAndGenerate, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

const flowRegion = (page: Page) => page.getByRole('region', { name: 'Model flow', exact: true });
const drawnToken = (page: Page) => flowRegion(page).locator('svg.fl-svg').getAttribute('data-token');
const hashLayer = (page: Page) => page.evaluate(() => /[#&]layer=(\d+)/.exec(location.hash)?.[1] ?? null);

async function openWithPrompt(page: Page): Promise<number> {
  await page.goto(`${ctx.baseUrl}?backend=wasm`);
  await waitForModel(page);
  return runAndGenerate(page, 3);
}

describe('the Model flow', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
  ]) {
    it(`fits the first screen at ${viewport.width}×${viewport.height} and follows the selected token`, async () => {
      const page = await ctx.browser.newPage({ viewport });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const last = await openWithPrompt(page);
      await expect.poll(() => drawnToken(page), { timeout: 30_000 }).toBe(String(last));
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const box = (await flowRegion(page).boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);

      const before = await flowRegion(page).innerText();
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => drawnToken(page), { timeout: 30_000 }).toBe(String(last - 1));
      await expect.poll(() => flowRegion(page).innerText(), { timeout: 30_000 }).not.toBe(before);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('opens each block’s detail view at its layer', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openWithPrompt(page);
    const cases: [block: string, region: string, layer: string | null][] = [
      ['Layer 1 MLA: open KV cache', 'KV cache', '1'],
      ['Layer 1 attention: open Attention', 'Attention', '1'],
      ['Layer 1 router: open Expert routing', 'Expert routing', '1'],
      ['Layer 1 experts: open Load balance', 'Load balance', '1'],
      ['Layer 0 dense MLP: open Expert routing', 'Expert routing', '0'],
      ['Layer 3 MLA: open KV cache', 'KV cache', '3'],
      ['Final norm and LM head: open Next token', 'Next token', null],
    ];
    for (const [block, region, layer] of cases) {
      await flowRegion(page).getByRole('button', { name: block, exact: true }).click();
      await expect
        .poll(() => page.getByRole('region', { name: region, exact: true }).isVisible(), { timeout: 30_000 })
        .toBe(true);
      const pressed = page.getByRole('group', { name: 'Choose a detail view' }).getByRole('button', { name: region });
      expect(await pressed.getAttribute('aria-pressed')).toBe('true');
      if (layer) await expect.poll(() => hashLayer(page)).toBe(layer);
    }
    // a block is a keyboard button too
    const kv = flowRegion(page).getByRole('button', { name: 'Layer 2 MLA: open KV cache', exact: true });
    await kv.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hashLayer(page)).toBe('2');
    await page.close();
  });

  it('is drawn vertically on a 390×844 phone, inside the page', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await openWithPrompt(page);
    const svg = flowRegion(page).locator('svg.fl-svg');
    await expect.poll(() => svg.getAttribute('data-orientation'), { timeout: 30_000 }).toBe('vertical');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = (await svg.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.close();
  });
});
