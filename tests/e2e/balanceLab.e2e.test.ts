/**
 * The Balance lab in headless Chromium on WebGPU (SwiftShader here, so the smallest lab model):
 * open the tab, train 10 steps, see every chart follow, export the run and load it back.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabRun } from '../../src/train/lab/labRun';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

/** The step count the lab's status line shows. */
async function stepShown(page: Page): Promise<number> {
  const text = (await page.getByRole('region', { name: 'Balance lab' }).getByRole('status').textContent()) ?? '';
  return Number(/step (\d+)/.exec(text)?.[1] ?? -1);
}

describe('Balance lab in headless Chromium', () => {
  it('trains 5 steps on webgpu and the charts follow; a run exports and loads back', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=webgpu#page=balance-lab`); // forced: by speed, wasm wins here
    const lab = page.getByRole('region', { name: 'Balance lab', exact: true });
    const status = lab.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend webgpu · step 0/);
    const lmChart = lab.getByRole('img', { name: /^LM loss/ });
    expect(await lmChart.getAttribute('aria-label')).toBe('LM loss: no steps yet');
    await lab.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => stepShown(page), { timeout: 120_000 }).toBe(1);
    await lab.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => stepShown(page), { timeout: 240_000, interval: 500 }).toBeGreaterThanOrEqual(5);
    await lab.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect
      .poll(() => lab.getByRole('button', { name: 'Play', exact: true }).isEnabled(), { timeout: 60_000 })
      .toBe(true);
    const steps = await stepShown(page);
    expect(steps).toBeGreaterThanOrEqual(5);
    // every chart has the steps, the heatmap names its busiest expert, the numbers are finite
    for (const title of [
      'LM loss',
      'Balance losses L/α',
      'max / mean load',
      'Routing entropy',
      'Share dropped',
      'Training tokens/s',
    ]) {
      await expect(
        lab.getByRole('img', { name: new RegExp(`^${title.replace('/', '\\/')} over ${steps} steps`) }).count(),
      ).resolves.toBe(1);
    }
    await expect(
      lab
        .getByRole('img', { name: /^Per-expert load f of layer 1 over steps 1–\d+; at the last step expert \d/ })
        .count(),
    ).resolves.toBe(1);
    expect(Number(await lab.getByTestId('lab-lm-loss').textContent())).toBeGreaterThan(0);
    expect(await status.textContent()).toMatch(/\d+ training tokens\/s/);
    // export, then load the file back
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      lab.getByRole('button', { name: 'Export run (JSON)' }).click(),
    ]);
    const run = parseLabRun(JSON.parse(readFileSync((await download.path())!, 'utf8')));
    expect(run.backend).toBe('webgpu');
    expect(run.points.length).toBe(steps);
    expect(run.points.every((p) => p.groupsMax <= run.settings.topkGroup)).toBe(true);
    const tps = run.points.map((p) => p.tokensPerSec).sort((a, b) => a - b);
    console.log(
      `balance lab on webgpu: median ${tps[tps.length >> 1].toFixed(0)} training tokens/s over ${steps} steps`,
    );
    page.once('dialog', (d) => void d.accept()); // loading a file over the live run asks first
    await lab
      .getByLabel('Load a run:')
      .setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(run)) });
    await expect
      .poll(() => status.textContent())
      .toBe(`Showing a loaded run: ${steps} steps on webgpu. Reset to train again.`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
