/**
 * Dropped models that pass the file checks' first glance but cannot run, built in the page from
 * the shipped model's files: one with a NaN weight, one whose config.vocab_size is larger than its
 * tokenizer. Each is refused with one line naming the file and why, the shipped model stays, and
 * it still runs a prompt. Then the good files, zipped in a folder, load from one dropped zip.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenPosition, waitForModel } from '../drive';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

/** Fetches the shipped model's files, breaks one thing, and drops them on the page as a user would. */
async function dropBroken(page: Page, broken: 'nan' | 'vocab'): Promise<void> {
  await page.evaluate(async (broken) => {
    // the offline cache starts filling once the model has loaded; fetching the same 7 MB file
    // while it downloads it races in Chromium's in-memory HTTP cache (ERR_CACHE_WRITE_FAILURE)
    await navigator.serviceWorker.ready;
    const get = (f: string) => fetch(`models/tinyseek/${f}`).then((r) => r.arrayBuffer());
    const [config, weights, tokenizer] = await Promise.all([
      get('config.json'),
      get('model.safetensors'),
      get('tokenizer.json'),
    ]);
    const c = JSON.parse(new TextDecoder().decode(config)) as Record<string, unknown>;
    if (broken === 'vocab') c.vocab_size = 1600;
    if (broken === 'nan') {
      // the first value of the byte buffer, after the 8-byte length and the JSON header
      const view = new DataView(weights);
      view.setFloat32(8 + Number(view.getBigUint64(0, true)), NaN, true);
    }
    const dt = new DataTransfer();
    dt.items.add(new File([JSON.stringify(c)], 'config.json'));
    dt.items.add(new File([weights], 'model.safetensors'));
    dt.items.add(new File([tokenizer], 'tokenizer.json'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
  }, broken);
}

describe('a dropped model that cannot run', () => {
  it('is refused by name, twice, the shipped model still runs a prompt, and a zip of the good files loads', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    const alert = page.getByRole('alert');

    await dropBroken(page, 'nan');
    await expect
      .poll(() => alert.textContent(), { timeout: 60_000 })
      .toMatch(
        /^That model could not load: model\.safetensors: \S+ holds NaN or infinite values\. Still using tinyseek\./,
      );
    await page.screenshot({ path: 'tmp/drop-nan.png' });
    await page.getByRole('button', { name: 'Dismiss' }).click();

    await dropBroken(page, 'vocab');
    await expect
      .poll(() => alert.textContent(), { timeout: 60_000 })
      .toMatch(
        /tokenizer\.json: has 1536 tokens but config\.vocab_size is 1600: the model could pick a token the tokenizer cannot write\. Still using tinyseek\./,
      );

    await expect(page.getByTestId('model-name').textContent()).resolves.toMatch(/tinyseek/);
    await page.getByLabel('Prompt', { exact: true }).fill('The little fox');
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
    const [, promptLength] = await tokenPosition(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).toEqual([promptLength + 1, promptLength + 1]);
    expect(await page.getByRole('alert').count()).toBe(1); // only the dismissable load message, no session error

    // the same model zipped in a folder (as the labs' Save model writes it) loads as loose files do
    const dir = 'public/models/tinyseek';
    const zip = zipSync({
      'my-model/config.json': readFileSync(`${dir}/config.json`),
      'my-model/model.safetensors': readFileSync(`${dir}/model.safetensors`),
      'my-model/tokenizer.json': readFileSync(`${dir}/tokenizer.json`),
      'my-model/README.md': strToU8('# my model'),
    });
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'my-model.zip'));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, Buffer.from(zip).toString('base64'));
    await expect.poll(() => page.getByTestId('model-name').textContent(), { timeout: 60_000 }).toMatch(/your model/);
    expect(errors).toEqual([]);
  });
});
