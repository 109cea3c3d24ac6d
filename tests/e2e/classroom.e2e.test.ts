/**
 * The classroom in headless Chromium: walk every step of every lesson with the step buttons and a
 * clicker's PageDown, answer a question against the live model, and open a classroom link that
 * hides controls and starts in presenter mode.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewById } from '../../src/app/viewRegistry';
import { LESSONS } from '../../src/lessons';
import { axeViolations } from './axe';
import { waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

const stepHeading = (page: Page) => page.getByRole('region', { name: 'Lesson' }).getByRole('heading', { level: 2 });

describe('classroom', () => {
  it('walks every step of every lesson, each setting up the app', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    for (const lesson of LESSONS) {
      await page.getByRole('button', { name: 'Lessons' }).click();
      await page.getByRole('button', { name: lesson.title }).click();
      for (const [i, step] of lesson.steps.entries()) {
        await expect.poll(() => stepHeading(page).innerText()).toContain(step.title);
        await expect(stepHeading(page).innerText()).resolves.toContain(`Step ${i + 1} of ${lesson.steps.length}`);
        await expect(page.getByRole('group', { name: step.question.prompt }).isVisible()).resolves.toBe(true);
        const s = step.setup;
        if (s.page && s.page !== 'explore') {
          await expect.poll(() => page.url()).toContain(`page=${s.page}`);
        } else if (s.view) {
          const region = page.getByRole('region', { name: viewById(s.view).label, exact: true });
          await expect.poll(() => region.isVisible(), { timeout: 60_000 }).toBe(true);
        }
        if (s.prompt) {
          await expect
            .poll(() => page.getByLabel('Prompt', { exact: true }).inputValue(), { timeout: 30_000 })
            .toBe(s.prompt);
        }
        expect(page.url()).toContain(`lesson=${lesson.id}`);
        if (i < lesson.steps.length - 1) {
          // the Next button, and a clicker's PageDown, move on
          if (i % 2 === 0) await page.getByRole('button', { name: 'Next step' }).click();
          else {
            await page.locator('body').click({ position: { x: 5, y: 5 } });
            await page.keyboard.press('PageDown');
          }
        }
      }
      await page.getByRole('button', { name: 'Close the lesson' }).click();
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('checks a prediction against the live model', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${ctx.baseUrl}?backend=wasm&lesson=mla`);
    await waitForModel(page);
    const kv = page.getByRole('region', { name: 'KV cache', exact: true });
    await expect.poll(() => kv.innerText(), { timeout: 60_000 }).toMatch(/MLA keeps \d+ values per token per layer/);
    // the KV cache view's own sentence: "MLA keeps 72 values per token per layer; …"
    const held = Number(/MLA keeps (\d+) values per token per layer/.exec(await kv.innerText())![1]);
    await page.getByLabel('Your prediction').fill('seventy');
    await page.getByRole('button', { name: 'Check my prediction' }).click();
    await expect(page.getByRole('alert').first().innerText()).resolves.toMatch(/is not a number/);
    await page.getByLabel('Your prediction').fill(String(held));
    await page.getByRole('button', { name: 'Check my prediction' }).click();
    await expect.poll(() => page.getByTestId('lesson-answer').innerText()).toBe(`${held} values`);
    await expect(page.getByText('Right!').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByLabel('Your prediction').fill('1');
    await page.getByRole('button', { name: 'Check my prediction' }).click();
    await expect(page.getByText('Not quite.').isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('opens a classroom link with hidden controls in presenter mode, driven by the page keys', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // the link builder makes the link
    await page.goto(`${ctx.baseUrl}?backend=wasm&lesson=experts&step=2`);
    await waitForModel(page);
    await page.getByRole('button', { name: 'Classroom link' }).click();
    await page.getByLabel('the prompt box').check();
    await page.getByLabel('sampling and layer').check();
    await page.getByLabel('the Attention view').check();
    await page.getByLabel('Open in presenter mode').check();
    const link = await page.getByLabel('Link', { exact: true }).inputValue();
    expect(link).toBe(
      `${ctx.baseUrl}?backend=wasm&lesson=experts&step=2&hide=prompt,sampling,view-attention&presenter=1`,
    );

    const student = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await student.goto(link);
    await expect.poll(() => stepHeading(student).innerText(), { timeout: 60_000 }).toContain('Step 2 of 4');
    await expect.poll(() => student.locator('.transport').isVisible(), { timeout: 120_000 }).toBe(true);
    expect(await student.evaluate(() => document.documentElement.classList.contains('presenter'))).toBe(true);
    for (const hidden of ['.prompt-bar', '.sampling', '.app-header'])
      await expect(student.locator(hidden).isVisible(), hidden).resolves.toBe(false);
    await expect
      .poll(() => student.getByRole('region', { name: 'Expert routing', exact: true }).isVisible(), { timeout: 60_000 })
      .toBe(true);
    // presenter mode hides the details menu (the lesson picks the view); the link hides the
    // Attention view's button in it as well, and leaves the others
    const display = (sel: string) => student.locator(sel).evaluate((el) => getComputedStyle(el).display);
    await expect(display('.view-menu')).resolves.toBe('none');
    await expect(display(".view-menu [data-view='attention']")).resolves.toBe('none');
    await expect(display(".view-menu [data-view='kv']")).resolves.not.toBe('none');
    // only the step's view is shown, in large type
    await expect(student.locator(".views > [aria-label='KV cache']").isVisible()).resolves.toBe(false);
    const size = await student.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    expect(await axeViolations(student)).toEqual([]);
    await student.getByLabel('Your prediction').fill('4');
    await student.getByRole('button', { name: 'Check my prediction' }).click();
    await expect.poll(() => student.getByTestId('lesson-answer').innerText()).toMatch(/\d+ experts/);
    await student.evaluate(() => window.scrollTo(0, 0));
    await student.screenshot({ path: 'tests/e2e/screenshots/presenter.png' });
    // a clicker's keys
    await student.keyboard.press('PageDown');
    await expect.poll(() => stepHeading(student).innerText()).toContain('Step 3 of 4');
    expect(student.url()).toContain('step=3');
    await student.keyboard.press('PageUp');
    await expect.poll(() => stepHeading(student).innerText()).toContain('Step 2 of 4');
    await student.keyboard.press('Escape');
    await expect.poll(() => student.locator('.app-header').isVisible()).toBe(true);
    await expect(student.locator('.prompt-bar').isVisible()).resolves.toBe(false); // still hidden by the link
    await page.close();
    await student.close();
  });
});
