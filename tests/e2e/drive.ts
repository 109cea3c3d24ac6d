/** Steps the e2e tests share: wait for the model, run the prompt, generate tokens, show every view, open every data table. */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DETAIL_VIEWS } from '../../src/app/viewRegistry';

/** The accessible names of the detail views of the Explore page (src/app/viewRegistry.ts). */
export const REGIONS: string[] = DETAIL_VIEWS.map((v) => v.label);

/** Ticks "Show all views", so every detail view is on the page, and waits for them. */
export async function showAllViews(page: Page): Promise<void> {
  await page.getByLabel('Show all views').check();
  for (const name of REGIONS)
    await expect
      .poll(() => page.getByRole('region', { name, exact: true }).getAttribute('aria-busy'), { timeout: 30_000 })
      .toBeNull();
}

/** "Token 3 of 20" → [3, 20]. */
export async function tokenPosition(page: Page): Promise<[number, number]> {
  const text = (await page.getByText(/Token \d+ of \d+/).textContent()) ?? '';
  const m = /Token (\d+) of (\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Waits for the shipped model to load; when it does not, says what the page shows and logged instead. */
export async function waitForModel(page: Page): Promise<void> {
  const logged: string[] = [];
  const onConsole = (m: { type: () => string; text: () => string }) => logged.push(`${m.type()}: ${m.text()}`);
  page.on('console', onConsole);
  try {
    await expect.poll(() => page.getByTestId('model-name').textContent(), { timeout: 120_000 }).toMatch(/tinyseek/);
  } catch (e) {
    const shown = await page
      .locator('.app-header, .load-progress, .load-error')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `the model did not load: the page shows ${JSON.stringify(shown)}; it logged ${JSON.stringify(logged.slice(-20))}`,
      { cause: e },
    );
  } finally {
    page.off('console', onConsole);
  }
}

/** Runs the prompt in the box, generates `n` tokens with →, and waits until the views show the last one. */
export async function runAndGenerate(page: Page, n: number): Promise<number> {
  await page.getByRole('button', { name: 'Run prompt' }).click();
  await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
  const [, promptLength] = await tokenPosition(page);
  for (let i = 1; i <= n; i++) {
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).toEqual([promptLength + i, promptLength + i]);
  }
  const last = promptLength + n - 1;
  const nextToken = page.getByRole('region', { name: 'Next token', exact: true });
  await expect.poll(() => nextToken.innerText(), { timeout: 30_000 }).toContain(`(position ${last})`);
  return last;
}

/** Presses every "Show data" button on the page; returns how many tables it opened. */
export async function openAllData(page: Page): Promise<number> {
  const show = page.getByRole('button', { name: /^Show data/ });
  let opened = 0;
  while ((await show.count()) > 0 && opened < 100) {
    await show.first().click();
    opened++;
  }
  return opened;
}
