import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium.ts';
import { REGIONS, showAllViews } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

/** "Token 3 of 20" → [3, 20]. */
async function position(page: Page): Promise<[number, number]> {
  const text = (await page.getByText(/Token \d+ of \d+/).textContent()) ?? '';
  const m = /Token (\d+) of (\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

async function tokenStrip(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Tokens' }).getByRole('button').allTextContents();
}

async function regionTexts(page: Page): Promise<string[]> {
  return Promise.all(REGIONS.map((name) => page.getByRole('region', { name, exact: true }).innerText()));
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Tokens generated on WebGPU (SwiftShader here: a few seconds each). */
const GENERATED = 8;

describe('TinySeek in headless Chromium', () => {
  it('loads the shipped model on webgpu, generates 8 tokens, steps back, and every view follows', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${ctx.baseUrl}?backend=webgpu`); // forced: by speed, SwiftShader's WebGPU loses to wasm
    await expect.poll(() => page.getByTestId('backend-name').textContent(), { timeout: 60_000 }).toBe('webgpu');
    await expect.poll(() => page.getByTestId('model-name').textContent(), { timeout: 120_000 }).toMatch(/tinyseek/);
    await page.getByLabel('Prompt', { exact: true }).fill('The little fox');
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(async () => (await tokenStrip(page)).join(''), { timeout: 60_000 }).toMatch(/The␣little␣f.*ox$/);
    const [, promptLength] = await position(page);
    for (let i = 1; i <= GENERATED; i++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => position(page), { timeout: 60_000 }).toEqual([promptLength + i, promptLength + i]);
    }
    await showAllViews(page);
    for (const name of REGIONS)
      await expect(page.getByRole('region', { name, exact: true }).isVisible()).resolves.toBe(true);
    // the views redraw at low priority: wait until they show the last token
    const nextToken = page.getByRole('region', { name: 'Next token', exact: true });
    await expect
      .poll(() => nextToken.innerText(), { timeout: 30_000 })
      .toContain(`(position ${promptLength + GENERATED - 1})`);
    const atEnd = await regionTexts(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => position(page)).toEqual([promptLength + GENERATED - 1, promptLength + GENERATED]);
    await expect
      .poll(() => nextToken.innerText(), { timeout: 30_000 })
      .toContain(`(position ${promptLength + GENERATED - 2})`);
    const back = await regionTexts(page);
    REGIONS.forEach((name, i) => expect(back[i], `${name} did not change`).not.toEqual(atEnd[i]));
    const selectedText = (await tokenStrip(page))[promptLength + GENERATED - 2];
    await expect(page.getByRole('region', { name: 'Attention' }).innerText()).resolves.toContain(selectedText.trim());
    // the README's picture: the first screen, as a visitor sees it (the flow, one detail view)
    await page.getByLabel('Show all views').uncheck();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'tests/e2e/screenshots/app.png' });
    expect(errors).toEqual([]);

    // the URL now holds the state: opening it replays the same tokens and selects the same one
    const link = page.url();
    const tokens = await tokenStrip(page);
    const again = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errorsAgain = watchErrors(again);
    await again.goto(link);
    await expect
      .poll(() => position(again), { timeout: 120_000 })
      .toEqual([promptLength + GENERATED - 1, promptLength + GENERATED]);
    expect(await tokenStrip(again)).toEqual(tokens);
    expect(errorsAgain).toEqual([]);
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
      await page.getByTestId('backend-name').click(); // the badge opens its details
      await page.getByText(/Fell back from webgpu/).click();
      await expect(page.getByText(/webgpu:/).textContent()).resolves.toMatch(/adapter|navigator\.gpu/);
    } finally {
      await browser.close();
    }
  });

  it('says clearly when dropped files are not a model, and keeps working', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.baseUrl);
    await expect.poll(() => page.getByTestId('model-name').textContent(), { timeout: 120_000 }).toMatch(/tinyseek/);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 30_000 })
      .toMatch(/missing config\.json/);
  });
});
