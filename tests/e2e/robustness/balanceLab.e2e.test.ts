/**
 * Balance-lab run files that used to break the page: a 200,000-step run (it blanked the whole app
 * with "Maximum call stack size exceeded") loads and draws; a malformed one (ragged f rows,
 * `layers: 999`, 100,000 experts per layer) is refused in one line; and the lab still trains
 * afterwards. The files are built here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_FORMAT, type LabPoint, type LabRunFile } from '../../../src/train/lab/labRun';
import { LAB_DEFAULTS } from '../../../src/train/lab/labSettings';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;
const dir = mkdtempSync(join(tmpdir(), 'tinyseek-runs-'));

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

const point = (step: number, experts = 8): LabPoint => ({
  step,
  lmLoss: 7 - step / 1e5 + (step === 123_457 ? 5 : 0), // one spike
  expert: 1 + (step % 10) / 100,
  device: 1,
  comm: 1,
  maxLoad: 2,
  entropy: 2.9,
  dropShare: 0,
  groupsMax: 2,
  tokensPerSec: 1000,
  f: [0, 1].map(() => Array.from({ length: experts }, (_, e) => (e === step % experts ? 2 : 1))),
});

const run = (points: LabPoint[], patch: Partial<LabRunFile> = {}): LabRunFile => ({
  format: RUN_FORMAT,
  version: 1,
  settings: LAB_DEFAULTS,
  backend: 'wasm',
  layers: [0, 1],
  points,
  ...patch,
});

/** Writes `json` to a file of this name (files over 50 MB cannot go through setInputFiles' buffer). */
function file(name: string, json: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

async function stepShown(page: Page): Promise<number> {
  const text = (await page.getByRole('region', { name: 'Balance lab' }).getByRole('status').textContent()) ?? '';
  return Number(/step (\d+)/.exec(text)?.[1] ?? -1);
}

describe('Balance lab run files', () => {
  it('a 200,000-step run loads and draws, malformed runs are refused in one line, and the lab still trains', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm#page=balance-lab`);
    const lab = page.getByRole('region', { name: 'Balance lab', exact: true });
    const status = lab.getByRole('status');
    const input = lab.getByLabel('Load a run:');
    const alert = lab.locator('.bl-message[role="alert"]');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend wasm · step 0/);

    // malformed: each refused with one line naming the problem, nothing else changes
    const ragged = run([point(1), { ...point(2), f: [point(2).f[0], point(2).f[1].slice(1)] }]);
    const bad: [string, unknown, RegExp][] = [
      [
        'ragged.json',
        ragged,
        /^ragged\.json: points\[1\]\.f\[1\]: the lab-small model has 8 routed experts per layer, got 7 /,
      ],
      [
        'layers.json',
        run([point(1)], { layers: [999] }),
        /^layers\.json: layers: the lab-small model's MoE layers are \[0, 1\], got \[999\] /,
      ],
      [
        'wide.json',
        run([point(1, 100_000)]),
        /^wide\.json: points\[0\]\.f\[0\]: .* 8 routed experts per layer, got 100000 /,
      ],
    ];
    for (const [name, json, re] of bad) {
      await input.setInputFiles(file(name, json));
      await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(re);
      expect(await stepShown(page)).toBe(0);
      await alert.getByRole('button', { name: 'Dismiss' }).click();
    }

    // huge: 200,000 steps load and every chart draws them
    const n = 200_000;
    await input.setInputFiles(file('huge.json', run(Array.from({ length: n }, (_, i) => point(i + 1)))));
    await expect
      .poll(() => status.textContent(), { timeout: 60_000 })
      .toBe(`Showing a loaded run: ${n} steps on wasm. Reset to train again.`);
    const lm = lab.getByRole('img', { name: new RegExp(`^LM loss over ${n} steps`) });
    await expect.poll(() => lm.count(), { timeout: 60_000 }).toBe(1);
    const d = (await lm.locator('path.bl-line').getAttribute('d')) ?? '';
    expect(d.split(/[ML]/).length - 1).toBeLessThan(1000); // decimated for drawing
    expect(d.length).toBeGreaterThan(100);
    await expect(
      lab.getByRole('img', { name: new RegExp(`^Per-expert load f of layer 1 over steps 1–${n}`) }).count(),
    ).resolves.toBe(1);
    expect(await page.locator('.view-error').count()).toBe(0); // no boundary had to catch anything

    // and the lab still trains
    await lab.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^Backend wasm · step 0/);
    await lab.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => stepShown(page), { timeout: 120_000 }).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: 'tmp/balance-lab-huge-run.png' });
    await page.close();
  });
});
