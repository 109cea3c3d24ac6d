/**
 * Runs that survive tab switches and links that replay exactly (issue 19), in the production
 * build on wasm: a Balance lab run goes on while the Explore page is shown and comes back at its
 * step count, Reset asks first; a link copied after moving the temperature replays the tokens
 * that were on screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAndGenerate, waitForModel } from '../drive';
import { startApp, type E2eContext } from '../server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

const stepShown = async (page: Page) => {
  const text = (await page.getByRole('region', { name: 'Balance lab' }).getByRole('status').textContent()) ?? '';
  return Number(/step (\d+)/.exec(text)?.[1] ?? -1);
};
const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name, exact: true });

describe('labs and links', () => {
  it('a Balance lab run survives a tab switch, and Reset asks before throwing it away', async () => {
    const { page, errors } = await openPage(`${ctx.baseUrl}?backend=wasm#page=balance-lab`);
    const lab = page.getByRole('region', { name: 'Balance lab', exact: true });
    await expect.poll(() => stepShown(page), { timeout: 120_000 }).toBe(0);
    await lab.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => stepShown(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    const before = await stepShown(page);
    await tab(page, 'Explore the model').click();
    await expect.poll(() => lab.count()).toBe(0);
    await tab(page, 'Balance lab').click();
    // the same run, still going: past the step it had reached when the tab was left
    await expect.poll(() => stepShown(page), { timeout: 60_000 }).toBeGreaterThan(before);
    await lab.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => lab.getByRole('button', { name: 'Play', exact: true }).isEnabled()).toBe(true);
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await lab.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect.poll(() => asked.length).toBe(1);
    // the question counts the run's steps (the status line may still be catching up with the
    // steps done just before the pause); dismissed, the run stays at that count
    const steps = Number(/^This throws away the run's (\d+) steps\. Go on\?$/.exec(asked[0])?.[1] ?? -1);
    expect(steps, asked[0]).toBeGreaterThan(before);
    await expect.poll(() => stepShown(page), { timeout: 10_000 }).toBe(steps);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link copied after moving the temperature replays the tokens on screen', async () => {
    const { page, errors } = await openPage(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await runAndGenerate(page, 6);
    const tokens = page.getByRole('list', { name: 'Tokens' });
    const shown = await tokens.innerText();
    await page.getByText('Sampling and layer', { exact: true }).click();
    const temperature = page.getByRole('slider', { name: 'Temperature' });
    await temperature.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    expect(await temperature.getAttribute('aria-valuetext')).toBe('1.30');
    const link = page.url();
    expect(link).toContain('temp=0.8');
    await expect.poll(() => page.getByText(/^Changed: applies to the next run/).count()).toBe(1);

    const replay = await openPage(link);
    await waitForModel(replay.page);
    const again = replay.page.getByRole('list', { name: 'Tokens' });
    await expect.poll(() => again.innerText(), { timeout: 60_000 }).toBe(shown);
    expect([...errors, ...replay.errors]).toEqual([]);
    await replay.page.close();
    await page.close();
  });
});
