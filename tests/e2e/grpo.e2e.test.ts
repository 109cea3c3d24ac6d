/**
 * The GRPO lab in headless Chromium on WebGPU (SwiftShader here, so it stays small: G = 4, one
 * prompt per step, two held-out sums): two steps, one at a time; every view follows each step.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('GRPO lab in headless Chromium', () => {
  it('runs two GRPO steps on webgpu and every view updates', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${ctx.baseUrl}?backend=webgpu#page=grpo`); // forced: by speed, wasm wins here
    const grpo = page.getByRole('region', { name: 'GRPO', exact: true });
    await expect.poll(() => grpo.getByTestId('grpo-backend').textContent(), { timeout: 120_000 }).toBe('webgpu');
    await expect
      .poll(() => grpo.getByTestId('grpo-status').textContent(), { timeout: 120_000 })
      .toMatch(/^Ready on webgpu/);
    await grpo.getByLabel('Group size G').fill('4');
    await grpo.getByLabel('held-out sums').fill('2');
    await grpo.getByLabel('evaluate every').fill('1');
    const outputs = grpo.getByRole('list', { name: /The \d+ outputs of group 1/ });
    const texts: string[] = [];
    for (const step of [1, 2]) {
      await grpo.getByRole('button', { name: 'Step once' }).click();
      // the group appears as soon as it is sampled, before the update
      await expect
        .poll(() => grpo.getByText(`Step ${step}`, { exact: false }).count(), { timeout: 240_000 })
        .toBeGreaterThan(0);
      await expect
        .poll(() => grpo.getByTestId('grpo-status').textContent(), { timeout: 240_000 })
        .toMatch(new RegExp(`^Ready on webgpu: tinyseek, ${step} steps done`));
      await expect(outputs.getByRole('listitem').count()).resolves.toBe(4);
      const sum = Number((await grpo.getByTestId('advantage-sum').textContent())?.replace('−', '-'));
      expect(Math.abs(sum)).toBeLessThan(0.01);
      await expect(
        grpo.getByRole('region', { name: 'Tokens of output 1' }).getByRole('row').count(),
      ).resolves.toBeGreaterThan(1);
      texts.push(await grpo.innerText());
    }
    expect(texts[1]).not.toEqual(texts[0]);
    await grpo.getByRole('button', { name: 'Show data: Curves' }).click();
    const table = grpo.getByRole('table', { name: /Per step: mean reward/ });
    await expect(table.getByRole('row').count()).resolves.toBe(4); // header, step 0, 1, 2
    await expect(table.innerText()).resolves.toMatch(/\/2\)/); // held-out accuracy "k/2"
    await expect(grpo.getByRole('img', { name: /Layer 1: routed load per expert/ }).count()).resolves.toBe(1);
    await expect(grpo.getByTestId('value-params').textContent()).resolves.toMatch(/^[\d,]+$/);
    await page.screenshot({ path: 'tests/e2e/screenshots/grpo.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
