/**
 * Accessibility in headless Chromium: axe-core finds no WCAG 2.1 A/AA violation with every view's
 * data table open, in the light and the dark theme; every focus is visible; reduced motion stops
 * every transition; every chart has a name and a data table.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { openAllData, REGIONS, runAndGenerate, showAllViews, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;

beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

async function openApp(options: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' } = {}): Promise<Page> {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  await page.goto(`${ctx.baseUrl}?backend=wasm`);
  await waitForModel(page);
  await runAndGenerate(page, 3);
  await showAllViews(page);
  return page;
}

describe('accessibility', () => {
  it('has no WCAG 2.1 AA violation with every data table open, light and dark', async () => {
    const page = await openApp({ colorScheme: 'light' });
    expect(await openAllData(page)).toBeGreaterThanOrEqual(REGIONS.length);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('has no violation in the theme chosen from the menu, against the system preference, and keeps the choice', async () => {
    const page = await openApp({ colorScheme: 'light' });
    await page.getByLabel('Theme', { exact: true }).selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await openAllData(page);
    expect(await axeViolations(page)).toEqual([]);
    const panel = () => page.evaluate(() => getComputedStyle(document.querySelector('.panel')!).backgroundColor);
    expect(await panel()).toBe('rgb(27, 33, 40)');
    // the choice outlives a reload
    await page.reload();
    await waitForModel(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByLabel('Theme', { exact: true }).inputValue()).toBe('dark');
    // light chosen while the system prefers dark
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByLabel('Theme', { exact: true }).selectOption('light');
    await runAndGenerate(page, 2);
    await openAllData(page);
    expect(await panel()).toBe('rgb(255, 255, 255)');
    expect(await axeViolations(page)).toEqual([]);
    // back to following the system
    await page.getByLabel('Theme', { exact: true }).selectOption('system');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.close();
  });

  it('has no violation on the labs after a short run, light and dark', async () => {
    for (const [lesson, run] of [
      ['balance', /^Train \d+ steps$/],
      ['grpo', /^Run \d+ GRPO steps$/],
    ] as const) {
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${ctx.baseUrl}?backend=wasm&lesson=${lesson}`);
      const button = page.getByRole('button', { name: run });
      await expect.poll(() => button.isEnabled(), { timeout: 120_000 }).toBe(true);
      await button.click();
      await page.getByRole('button', { name: 'Show the answer' }).click();
      await expect.poll(() => page.getByTestId('lesson-answer').count(), { timeout: 120_000 }).toBe(1);
      expect(await axeViolations(page), `${lesson} light`).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await axeViolations(page), `${lesson} dark`).toEqual([]);
      await page.close();
    }
  });

  // One page (reduced motion asked for) serves the three read-only checks below: each fresh page
  // costs a model load, a prompt and every view's chunk.
  describe('on one page with every view open', () => {
    // opened by whichever check runs first (waitForModel polls, which only a test may do)
    let opened: Promise<Page> | null = null;
    const shared = () => (opened ??= openApp({ reducedMotion: 'reduce' }));
    afterAll(async () => {
      await (await opened)?.close();
    });

    it('gives every view a data table and every chart a name', async () => {
      const page = await shared();
      for (const name of REGIONS) {
        const region = page.getByRole('region', { name, exact: true });
        expect(await region.getByRole('button', { name: /^Show data/ }).count(), name).toBeGreaterThan(0);
      }
      const unnamed = await page.evaluate(
        () =>
          [...document.querySelectorAll('svg[role="img"]')].filter((s) => !s.getAttribute('aria-label')?.trim()).length,
      );
      expect(unnamed).toBe(0);
    });

    it('stops every transition when the reader prefers reduced motion', async () => {
      const page = await shared();
      const moving = await page.evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((e) =>
            getComputedStyle(e)
              .transitionDuration.split(',')
              .some((d) => parseFloat(d) > 0),
          )
          .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`),
      );
      expect(moving).toEqual([]);
    });

    it('shows where the focus is on every tab stop', async () => {
      const page = await shared();
      const seen = new Set<string>();
      const hidden: string[] = [];
      for (let i = 0; i < 160; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const cs = getComputedStyle(el);
          const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
          const ring = cs.boxShadow !== 'none';
          // an SVG mark (a Model flow block) shows its focus as a thick stroke around it
          const stroke = el instanceof SVGElement && cs.stroke !== 'none' && parseFloat(cs.strokeWidth) >= 2;
          const path = [
            el.tagName.toLowerCase(),
            el.className,
            el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30),
          ];
          return { key: path.join('|'), visible: outline || ring || stroke };
        });
        if (!f) continue;
        if (seen.has(f.key)) continue;
        seen.add(f.key);
        if (!f.visible) hidden.push(f.key);
      }
      expect(seen.size).toBeGreaterThan(40);
      expect(hidden).toEqual([]);
    });
  });
});
