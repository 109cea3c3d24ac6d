/**
 * A dropped model whose tokenizer.json is laid out as DeepSeek-V2's own (Split regexes, Digits,
 * ByteLevel without its regex), built in the page from the shipped model's files: it loads and
 * runs a prompt, tokenized in the model worker as in Node. One with a pre-tokenizer TinySeek
 * cannot run is refused in one line that names the file once, and the model in use stays.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { deepSeekLayout } from '../../unit/model/tokenizerFixtures';
import { tokenPosition, waitForModel } from '../drive';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

const SHIPPED = JSON.parse(readFileSync('public/models/tinyseek/tokenizer.json', 'utf8'));
const DEEPSEEK_PRE_TOKENIZER = deepSeekLayout().pre_tokenizer;
const PROMPT = "It's 3:45 pm, the cat's hat.";

/** Drops the shipped model's files with tokenizer.json's pre_tokenizer replaced, as a user would. */
async function dropWithPreTokenizer(page: Page, preTokenizer: unknown): Promise<void> {
  await page.evaluate(async (preTokenizer) => {
    await navigator.serviceWorker.ready; // see dropModel.e2e.test.ts
    const get = (f: string) => fetch(`models/tinyseek/${f}`).then((r) => r.arrayBuffer());
    const [config, weights, tokenizer] = await Promise.all([
      get('config.json'),
      get('model.safetensors'),
      get('tokenizer.json'),
    ]);
    const t = JSON.parse(new TextDecoder().decode(tokenizer)) as Record<string, unknown>;
    t.pre_tokenizer = preTokenizer;
    const dt = new DataTransfer();
    dt.items.add(new File([config], 'config.json'));
    dt.items.add(new File([weights], 'model.safetensors'));
    dt.items.add(new File([JSON.stringify(t)], 'tokenizer.json'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
  }, preTokenizer);
}

describe('a dropped tokenizer.json', () => {
  it("in DeepSeek-V2's layout loads and tokenizes as in Node; an unsupported one is refused in one line", async () => {
    const expected = BpeTokenizer.fromJSON({ ...SHIPPED, pre_tokenizer: DEEPSEEK_PRE_TOKENIZER }).encode(PROMPT);
    expect(expected.length).not.toBe(BpeTokenizer.fromJSON(SHIPPED).encode(PROMPT).length); // the layout matters
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);

    await dropWithPreTokenizer(page, DEEPSEEK_PRE_TOKENIZER);
    await expect.poll(() => page.getByTestId('model-name').textContent(), { timeout: 60_000 }).toMatch(/your model/);
    await page.getByLabel('Prompt', { exact: true }).fill(PROMPT);
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
    expect((await tokenPosition(page))[1]).toBe(1 + expected.length); // bos, then the prompt
    await page.screenshot({ path: 'tmp/drop-deepseek-tokenizer.png' });

    await dropWithPreTokenizer(page, { type: 'Whitespace' });
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent(), { timeout: 60_000 })
      .toMatch(
        /^That model could not load: tokenizer\.json: pre_tokenizer "Whitespace" is not supported\. Still using/,
      );
    expect((await alert.textContent())?.split('tokenizer.json')).toHaveLength(2);
    await expect(page.getByTestId('model-name').textContent()).resolves.toMatch(/your model/);
    expect(errors).toEqual([]);
  });
});
