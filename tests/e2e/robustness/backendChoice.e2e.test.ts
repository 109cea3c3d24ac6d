/**
 * The backend chosen by measured speed (issue #15): in headless Chromium on a machine without a
 * GPU, WebGPU is SwiftShader, a software adapter, so the default app runs on wasm and the badge
 * says why, with the probe's figure, and links that force the others; `?backend=webgpu` forces
 * WebGPU (the tests that claim WebGPU use it: app, Balance lab and GRPO lab).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

describe('backend chosen by speed', () => {
  it('picks wasm over SwiftShader WebGPU by default, says why with the figures, and offers the others', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${ctx.baseUrl}#prompt=abc`);
    await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).toBe('wasm');
    const why = (await page.getByTestId('backend-why').textContent()) ?? '';
    expect(why).toMatch(
      /^fastest in a short decode test: webgpu not tried \(software adapter: swiftshader\); wasm [\d.]+ tokens\/s\.$/,
    );
    expect(Number(/wasm ([\d.]+) tokens/.exec(why)?.[1])).toBeGreaterThan(0);
    await page.getByTestId('backend-name').click(); // the badge opens its details
    const offered = page.getByTestId('backend-others').getByRole('link');
    expect(await offered.allTextContents()).toEqual(['webgpu', 'webgl', 'cpu']);
    // the link keeps the page's state: the hash, which by now also holds the run's settings
    expect(await offered.first().getAttribute('href')).toMatch(/^\?backend=webgpu#prompt=abc(&|$)/);
  });

  it('?backend=webgpu forces WebGPU, and the badge says so', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${ctx.baseUrl}?backend=webgpu`);
    await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).toBe('webgpu');
    expect(await page.getByTestId('backend-why').textContent()).toMatch(/as the link asks/);
    expect(await page.getByTestId('software-gpu').textContent()).toMatch(/software renderer/);
  });
});
