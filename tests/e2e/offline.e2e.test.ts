/**
 * Offline use in headless Chromium: the first visit installs the service worker, which caches the
 * app, its lazily loaded chunks, the wasm binaries and the model; then, with the network off and
 * the server stopped, a reload still loads the model and generates tokens. The storage panel lists
 * what is kept (the app, the model) and removes it.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/viz/common/format';
import { runAndGenerate, tokenPosition, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.browser.close();
  await ctx?.server.close().catch(() => undefined); // the test stops it early
});

describe('offline', () => {
  it('works with no network after the first visit', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    // the service worker has installed (every file cached) and controls the page
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 })
      .toBe(true);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith('tinyseek-'))!);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached).toContain('/index.html');
    expect(cached).toContain('/models/tinyseek/model.safetensors');
    expect(cached).toContain('/models/tinyseek/tokenizer.json');
    expect(cached.filter((p) => p.endsWith('.wasm'))).toHaveLength(3);
    expect(cached.some((p) => /\/assets\/NextTokenView-[\w-]+\.js$/.test(p))).toBe(true); // a lazy chunk

    // the storage panel lists what is kept: the app and the shipped model, with sizes
    await page.getByText('Stored on this device').click();
    const table = page.getByRole('table', { name: 'What is stored for offline use' });
    await expect.poll(() => table.count(), { timeout: 30_000 }).toBe(1);
    const rows = await table.getByRole('row').allInnerTexts();
    expect(rows[1]).toMatch(/^The app \(page, code, wasm\)\s+\d+\s+[\d.]+ (KiB|MiB)$/);
    // the model's four files as the service worker keeps them (the card and log are not cached)
    const kept = ['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json'];
    const modelBytes = kept.reduce((n, f) => n + statSync(`public/models/tinyseek/${f}`).size, 0);
    expect(rows[2]?.split(/\s+/).join(' ')).toBe(`Model tinyseek 4 ${formatBytes(modelBytes)}`);

    // no network at all: the browser is offline and the server is gone
    await context.setOffline(true);
    await ctx.server.close();
    await page.reload();
    await waitForModel(page);
    await page.getByLabel('Prompt', { exact: true }).fill('The little fox');
    const last = await runAndGenerate(page, 4);
    expect((await tokenPosition(page))[1]).toBe(last + 1);
    await expect(page.getByRole('region', { name: 'Model flow', exact: true }).isVisible()).resolves.toBe(true);
    // a detail view not yet opened comes from the cache too (its chunk is loaded on demand)
    await page.getByRole('group', { name: 'Choose a detail view' }).getByRole('button', { name: 'KV cache' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'KV cache', exact: true }).getAttribute('aria-busy'), {
        timeout: 30_000,
      })
      .toBeNull();
    await expect(page.getByRole('region', { name: 'KV cache', exact: true }).isVisible()).resolves.toBe(true);
    // removing the offline copy empties the caches and unregisters the service worker
    page.once('dialog', (d) => void d.accept());
    await page.getByText('Stored on this device').click(); // closed again since the reload
    await page.getByRole('button', { name: 'Remove the offline copy' }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /^Removed [\d.]+ MiB\./ })
            .count(),
        { timeout: 30_000 },
      )
      .toBe(1);
    const left = await page.evaluate(async () => ({
      caches: (await caches.keys()).filter((k) => k.startsWith('tinyseek-')).length,
      workers: (await navigator.serviceWorker.getRegistrations()).length,
    }));
    expect(left).toEqual({ caches: 0, workers: 0 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
