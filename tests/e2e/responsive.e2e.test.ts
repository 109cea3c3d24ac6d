/**
 * The app on a projector and on a phone, in headless Chromium: presenter mode shows every lesson
 * step and its chart at 1280×720 and 1920×1080 with no scrolling; at 390×844 (a phone, touch)
 * nothing overflows the page sideways on Explore, the labs and a lesson; a tap on a heatmap cell
 * shows what hovering it shows. The screenshots it takes (to look at) go to the ignored tmp/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons';
import { setupAt } from '../../src/lessons/lessonStore';
import { axeViolations } from './axe';
import { viewById } from '../../src/app/viewRegistry';
import { showAllViews, tokenPosition, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

const LAB_REGION: Record<string, string> = { 'balance-lab': '.app > .bl', grpo: '.app > .grpo' };

const stepHeading = (page: Page) => page.getByRole('region', { name: 'Lesson' }).getByRole('heading', { level: 2 });

/** Where presenter mode puts things: the page's scroll height, and the boxes of what must be seen. */
async function presenterGeometry(page: Page, stage: string) {
  // no named functions inside: the page gets this function's source as it is
  const g = await page.evaluate((stage) => {
    const s = document.querySelector(stage);
    const charts = s ? [...s.querySelectorAll('svg[role="img"], canvas')] : [];
    const boxes = [document.querySelector('.lesson-fit'), s, ...charts].map((el) =>
      el ? el.getBoundingClientRect().toJSON() : null,
    ) as (DOMRect | null)[];
    return {
      scrollHeight: document.scrollingElement!.scrollHeight,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
      boxes,
    };
  }, stage);
  const [lesson, s, ...charts] = g.boxes;
  return { ...g, lesson, stage: s, charts: charts.filter((b): b is DOMRect => b !== null && b.width > 0) };
}

type Box = { top: number; bottom: number; left: number; right: number };
const onScreen = (b: Box, w: number, h: number) => b.top >= -1 && b.bottom <= h + 1 && b.left >= -1 && b.left < w;

/** The projector sizes presenter mode must fit; each step is checked at each size on one page. */
const PROJECTORS = [
  [1280, 720],
  [1920, 1080],
] as const;

describe('presenter mode at 1280×720 and 1920×1080', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))(
    'shows every step of lesson %s and its chart with no scrolling',
    async (_, lesson) => {
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${ctx.baseUrl}?backend=wasm&lesson=${lesson.id}&presenter=1`);
      await waitForModel(page);
      for (const [i, step] of lesson.steps.entries()) {
        await expect.poll(() => stepHeading(page).innerText(), { timeout: 30_000 }).toContain(step.title);
        const setup = setupAt(lesson, i);
        const page_ = setup.page ?? 'explore';
        let stage: string;
        if (page_ === 'explore') {
          const region = page.getByRole('region', { name: viewById(setup.view!).label, exact: true });
          await expect.poll(() => region.isVisible(), { timeout: 60_000 }).toBe(true);
          if (setup.prompt) {
            // the step's tokens are in (the prompt and the tokens it generates)
            await expect
              .poll(() => page.getByLabel('Prompt', { exact: true }).inputValue(), { timeout: 30_000 })
              .toBe(setup.prompt);
            await expect.poll(async () => (await tokenPosition(page))[1], { timeout: 60_000 }).toBeGreaterThan(1);
          }
          stage = '.app > .explore';
        } else {
          stage = LAB_REGION[page_];
          await expect.poll(() => page.locator(stage).isVisible(), { timeout: 60_000 }).toBe(true);
        }
        for (const [width, height] of PROJECTORS) {
          await page.setViewportSize({ width, height });
          const where = `${lesson.id} step ${i + 1} at ${width}×${height}`;
          // the fit follows the content as it arrives (tokens, a lab's page): poll until all is in place
          const problems = async () => {
            const g = await presenterGeometry(page, stage);
            const off = (b: Box | null) => !b || !onScreen(b, g.innerWidth, g.innerHeight);
            return [
              g.scrollHeight > g.innerHeight + 1 && `the page scrolls (${g.scrollHeight} px)`,
              off(g.lesson) && 'the lesson text is off screen',
              off(g.stage) && 'the step’s view is off screen',
              // a view has at least one chart (a lab's are drawn once it has trained)
              page_ === 'explore' && g.charts.length === 0 && 'no chart',
              g.charts.some(off) && 'a chart is off screen',
            ].filter(Boolean);
          };
          await expect.poll(problems, { timeout: 30_000, message: where }).toEqual([]);
          // the text stays readable: the lesson panel is not zoomed below its floor
          const zoom = await page.locator('.lesson-fit').evaluate((el) => Number((el as HTMLElement).style.zoom) || 1);
          expect(zoom, where).toBeGreaterThanOrEqual(0.35);
        }
        await page.setViewportSize({ width: 1280, height: 720 });
        if (i < lesson.steps.length - 1) await page.keyboard.press('PageDown');
      }
      // the answer appears without pushing the view off screen
      const last = setupAt(lesson, lesson.steps.length - 1).page ?? 'explore';
      await page.getByRole('button', { name: 'Show the answer' }).click();
      await expect
        .poll(
          async () => {
            const g = await presenterGeometry(page, LAB_REGION[last] ?? '.app > .explore');
            return g.scrollHeight <= g.innerHeight + 1 && !!g.lesson && g.lesson.bottom <= g.innerHeight + 1;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      if (lesson.id === 'experts') await page.screenshot({ path: 'tmp/screenshots/presenter-1280.png' });
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

/** A phone: 390×844 CSS px, touch, a mobile viewport. */
async function phone(colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ctx.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    colorScheme,
  });
  return { context, page: await context.newPage() };
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('a phone, 390×844', () => {
  it('never overflows sideways: Explore after a prompt, both labs, a lesson', async () => {
    const { context, page } = await phone();
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
    await showAllViews(page);
    expect(await pageWidth(page), 'Explore').toBeLessThanOrEqual(390);
    // a wide chart scrolls in its own box, which a keyboard can reach
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'tmp/screenshots/phone-explore.png' });

    await page.getByRole('button', { name: 'Balance lab' }).click();
    await expect.poll(() => page.locator('.app > .bl').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await pageWidth(page), 'Balance lab').toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'GRPO lab' }).click();
    await expect.poll(() => page.locator('.app > .grpo').isVisible(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.locator('.grpo-controls').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await pageWidth(page), 'GRPO lab').toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${ctx.baseUrl}?backend=wasm&lesson=experts`);
    await waitForModel(page);
    await expect.poll(() => stepHeading(page).innerText(), { timeout: 30_000 }).toContain('Step 1 of');
    await expect
      .poll(() => page.getByRole('region', { name: 'Expert routing', exact: true }).isVisible(), { timeout: 60_000 })
      .toBe(true);
    expect(await pageWidth(page), 'a lesson').toBeLessThanOrEqual(390);
    await context.close();
  });

  it('shows a heatmap cell’s details on a tap, as hover does, and picks its token on a second tap', async () => {
    const { context, page } = await phone('dark');
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
    const [selected, n] = await tokenPosition(page);
    await showAllViews(page);
    const routing = page.getByRole('region', { name: 'Expert routing', exact: true });
    // the first token's cell of routed expert 0 (rows are drawn in token order)
    const cell = routing.locator('.rt-grid svg .rt-row').first().locator('.rt-cell').first();
    await cell.scrollIntoViewIfNeeded();
    const hover = (await cell.locator(':scope > title').textContent()) ?? '';
    expect(hover).toMatch(/#0, expert 0 \(device 0\): s = \d/);
    const b = (await cell.boundingBox())!;
    await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
    const tip = routing.locator('.viz-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    await expect(tip.innerText()).resolves.toContain(hover);
    // the first tap only revealed: the selection is the same
    expect(await tokenPosition(page)).toEqual([selected, n]);
    await page.touchscreen.tap(b.x + b.width / 2, b.y + b.height / 2);
    await expect.poll(() => tokenPosition(page)).toEqual([1, n]);
    // the attention heatmap: a tap on a cell shows its head, key and value
    const attention = page.getByRole('region', { name: 'Attention', exact: true });
    await expect.poll(() => attention.getAttribute('aria-busy'), { timeout: 30_000 }).toBeNull();
    const heat = attention.locator('svg.att-heatmap');
    await heat.scrollIntoViewIfNeeded();
    // the first key's cell of head 0's weight strip (right of the label column, under the block's
    // top), in the viewport's coordinates, read just before the tap
    const cellPoint = await heat.evaluate((svg) => {
      const block = svg.querySelector('.att-block-bg')!.getBoundingClientRect();
      return { x: block.right + 8, y: block.top + 6 };
    });
    await page.touchscreen.tap(cellPoint.x, cellPoint.y);
    const attTip = attention.locator('svg.att-heatmap + .viz-tip');
    await expect.poll(() => attTip.isVisible()).toBe(true);
    await expect(attTip.innerText()).resolves.toMatch(/head 0, “.*” \(#0\): weight \d/);
    await page.screenshot({ path: 'tmp/screenshots/phone-tap.png' });
    await context.close();
  });
});
