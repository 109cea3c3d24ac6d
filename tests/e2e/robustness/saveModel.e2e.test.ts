/**
 * "Save model" and "Open in Explore" in the built app: the Balance lab trains one step on wasm,
 * Save model downloads one zip with the Hugging Face folder inside one folder, and Open in Explore
 * loads the same model in the app's model worker under the folder's name, where a prompt
 * generates a token. Screenshots of the buttons (light, dark, phone) go to tmp/.
 */
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../src/model/safetensors';
import { tokenPosition } from '../drive';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

const FOLDER = 'lab-small-balance-step1';

describe('saving what a lab trained', () => {
  it('downloads the folder as one zip, then opens the same model in Explore, where it generates', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm#page=balance-lab`);
    const lab = page.getByRole('region', { name: 'Balance lab', exact: true });
    const status = lab.getByRole('status');
    const bar = page.getByRole('region', { name: 'What the lab trained' });
    const save = bar.getByRole('button', { name: 'Save model' });
    const explore = bar.getByRole('button', { name: 'Open in Explore' });
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend wasm · step 0/);
    // nothing trained yet: both off, with the reason
    expect(await save.isDisabled()).toBe(true);
    expect(await explore.isDisabled()).toBe(true);
    expect(await bar.getByRole('status').textContent()).toBe('Train at least one step first.');

    await lab.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/· step 1\b/);
    await expect.poll(() => save.isDisabled()).toBe(false);
    await page.screenshot({ path: 'tmp/save-model-light-1280.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await bar.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'tmp/save-model-dark-1280.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await bar.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'tmp/save-model-dark-390.png' });
    await page.setViewportSize({ width: 1280, height: 720 });

    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe(`${FOLDER}.zip`);
    const zip = unzipSync(readFileSync((await download.path())!));
    expect(Object.keys(zip).sort()).toEqual(
      ['README.md', 'config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json'].map(
        (n) => `${FOLDER}/${n}`,
      ),
    );
    const weights = parseSafetensors(zip[`${FOLDER}/model.safetensors`]);
    expect([...weights.tensors.values()].every((t) => t.dtype === 'F32')).toBe(true);
    const readme = new TextDecoder().decode(zip[`${FOLDER}/README.md`]);
    expect(readme).toMatch(/\n\| 1 \| \d/); // step 1's row of the curves

    await explore.click();
    await expect.poll(() => page.getByTestId('model-name').textContent(), { timeout: 60_000 }).toContain(FOLDER);
    await page.getByLabel('Prompt', { exact: true }).fill('The little fox');
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
    const [, promptLength] = await tokenPosition(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).toEqual([promptLength + 1, promptLength + 1]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
