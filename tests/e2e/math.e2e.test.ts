/**
 * "The math" in headless Chromium (wasm): each of the four Explore views with equations holds a
 * typeset MathML equation whose numbers change when the selected token steps back; the GRPO lab's
 * change with a GRPO step; axe finds no WCAG 2.1 AA violation with the equations open, light and
 * dark. Screenshots of each section (1440×900, light and dark) go to tmp/screenshots/ for review.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { runAndGenerate, showAllViews, tokenPosition, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

/** The Explore views with a "The math" section. */
const VIEWS = ['KV cache', 'Attention', 'Expert routing', 'Load balance'];

const SHOTS = 'tmp/screenshots';

/** A region's "The math" section. */
const mathOf = (region: Locator) => region.locator('details[data-testid="math"]');

/** Its substituted numbers. */
const valuesOf = (region: Locator) =>
  mathOf(region)
    .locator('.math-values')
    .allInnerTexts()
    .then((t) => t.join(' | '));

/** The section is open, titled "The math", typeset as MathML with equation numbers, and error-free. */
async function expectTypeset(region: Locator, name: string): Promise<void> {
  const math = mathOf(region);
  expect(await math.count(), name).toBe(1);
  expect(await math.evaluate((d) => (d as HTMLDetailsElement).open), name).toBe(true);
  expect(await math.locator('summary').innerText(), name).toBe('The math');
  expect(await math.locator('math').count(), name).toBeGreaterThan(2);
  expect(await math.locator('.tml-tag').count(), name).toBeGreaterThan(0);
  expect(await math.locator('.temml-error').count(), name).toBe(0);
}

async function shoot(region: Locator, file: string): Promise<void> {
  await mathOf(region).scrollIntoViewIfNeeded();
  await mathOf(region).screenshot({ path: `${SHOTS}/${file}` });
}

describe('The math', () => {
  it('typesets each view’s equations with the selected token’s numbers, which change as it steps; no a11y violation', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await runAndGenerate(page, 3);
    await showAllViews(page);
    const regions = VIEWS.map((name) => page.getByRole('region', { name, exact: true }));
    for (const [i, r] of regions.entries()) await expectTypeset(r, VIEWS[i]);
    const before = await Promise.all(regions.map(valuesOf));
    const [at, of] = await tokenPosition(page);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => tokenPosition(page)).toEqual([at - 1, of]);
    for (const [i, r] of regions.entries())
      await expect.poll(() => valuesOf(r), { timeout: 30_000, message: VIEWS[i] }).not.toBe(before[i]);

    expect(await axeViolations(page)).toEqual([]);
    for (const [i, r] of regions.entries()) await shoot(r, `math-${i}-light.png`);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    for (const [i, r] of regions.entries()) await shoot(r, `math-${i}-dark.png`);
    await page.close();
  });

  it('typesets the GRPO objective with the group’s numbers, which change with a GRPO step; no a11y violation', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    await page.goto(`${ctx.baseUrl}?backend=wasm#page=grpo`);
    const grpo = page.getByRole('region', { name: 'GRPO', exact: true });
    await expect.poll(() => grpo.getByTestId('grpo-status').textContent(), { timeout: 120_000 }).toMatch(/^Ready on/);
    await grpo.getByLabel('Group size G').fill('4');
    await grpo.getByLabel('held-out sums').fill('2');
    const values: string[] = [];
    for (const step of [1, 2]) {
      await grpo.getByRole('button', { name: 'Step once' }).click();
      await expect
        .poll(() => grpo.getByTestId('grpo-status').textContent(), { timeout: 240_000 })
        .toMatch(new RegExp(`^Ready on \\w+: tinyseek, ${step} steps done`));
      await expectTypeset(grpo, 'GRPO');
      values.push(await valuesOf(grpo));
    }
    expect(values[1]).not.toBe(values[0]);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(grpo, 'math-grpo-light.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    await shoot(grpo, 'math-grpo-dark.png');
    await page.close();
  });
});
