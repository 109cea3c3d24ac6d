/**
 * The Balance lab's V3 mode in the built app (docs/model.md#bias-balancing): the "V3 bias" preset
 * trains with every α off and draws the experts' biases; a γ out of range is refused in one line
 * and the run goes on; a run file with malformed biases is refused in one line. Screenshots of
 * the mode (light and dark, laptop and phone) go to tmp/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FORMAT } from '../../../src/train/lab/labRun';
import { LAB_PRESETS } from '../../../src/train/lab/labSettings';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;
const dir = mkdtempSync(join(tmpdir(), 'tinyseek-v3-runs-'));

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Balance lab, V3 bias balancing', () => {
  it('trains with the bias, refuses γ = 2 and a run with ragged biases in one line each', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm#page=balance-lab`);
    const lab = page.getByRole('region', { name: 'Balance lab', exact: true });
    const status = lab.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend wasm · step 0/);

    await lab.getByRole('button', { name: 'V3 bias: γ = 0.01' }).click();
    await expect.poll(() => lab.getByRole('combobox', { name: /^Balancing/ }).inputValue()).toBe('bias');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend wasm · step 0/);
    expect(await lab.getByRole('spinbutton', { name: 'α1 expert' }).isDisabled()).toBe(true);

    // γ out of range: one line, and the run goes on with γ = 0.01
    const gamma = lab.getByRole('spinbutton', { name: 'γ bias speed' });
    await gamma.fill('2');
    await gamma.press('Enter');
    await expect
      .poll(() => lab.locator('.bl-message[role="alert"]').textContent())
      .toBe('Not applied: settings.gamma: expected γ in [0, 1], got 2');

    for (let i = 1; i <= 3; i++) {
      await lab.getByRole('button', { name: 'Step', exact: true }).click();
      await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(new RegExp(`· step ${i}\\b`));
    }
    const chart = lab.getByRole('img', { name: /^Expert bias b \(V3\) over 3 steps; latest E0 / });
    await expect.poll(() => chart.count(), { timeout: 30_000 }).toBe(1);
    // each bias has moved by a multiple of γ: 3 steps of ±0.01 or 0
    const name = (await chart.getAttribute('aria-label')) ?? '';
    const values = [...name.matchAll(/E\d+ (−?-?[\d.]+)/g)].map((m) => Number(m[1].replace('−', '-')));
    expect(values).toHaveLength(8);
    for (const v of values) expect(Math.abs(v)).toBeLessThanOrEqual(0.03 + 1e-9);

    await lab.getByRole('button', { name: 'Step', exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'tmp/v3-lab-light-1280.png', fullPage: true });
    await page.getByLabel('Theme', { exact: true }).selectOption('dark');
    await page.screenshot({ path: 'tmp/v3-lab-dark-1280.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'tmp/v3-lab-dark-390.png', fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // a run file whose biases do not fit: refused in one line
    const point = {
      step: 1,
      lmLoss: 7,
      expert: 1,
      device: 1,
      comm: 1,
      maxLoad: 2,
      entropy: 2.9,
      dropShare: 0,
      groupsMax: 2,
      tokensPerSec: 1000,
      f: [0, 1].map(() => new Array<number>(8).fill(1)),
      bias: [new Array<number>(8).fill(0), new Array<number>(3).fill(0)],
    };
    const run = {
      format: RUN_FORMAT,
      version: 1,
      settings: LAB_PRESETS.v3bias,
      backend: 'wasm',
      layers: [0, 1],
      points: [point],
    };
    const path = join(dir, 'ragged-bias.json');
    writeFileSync(path, JSON.stringify(run));
    await page.setViewportSize({ width: 1280, height: 720 });
    await lab.getByLabel('Load a run:').setInputFiles(path);
    await expect
      .poll(() => lab.locator('.bl-message[role="alert"]', { hasText: 'ragged-bias.json' }).textContent(), {
        timeout: 30_000,
      })
      .toMatch(/^ragged-bias\.json: points\[0\]\.bias\[1\]: expected 8 finite numbers, one per routed expert /);
    expect(await status.textContent()).toMatch(/· step 3\b/);

    // another preset keeps this run on the charts (after the discard question)
    page.once('dialog', (d) => void d.accept());
    await lab.getByRole('button', { name: 'Collapse: all α = 0' }).click();
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend wasm · step 0/);
    await lab.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/· step 1\b/);
    await expect
      .poll(() => lab.locator('.bl-overlays').textContent())
      .toMatch(/^Earlier runs on the charts, same seed: V3 bias\./);
    const lm = lab.getByRole('img', {
      name: /^LM loss over 1 steps; latest LM loss [\d.]+, V3 bias \(earlier\) [\d.]+$/,
    });
    await expect.poll(() => lm.count()).toBe(1);
    await page.screenshot({ path: 'tmp/v3-lab-overlay-dark-1280.png', fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
