/**
 * The Explore page's shell in headless Chromium, at a laptop's 1440×900 and a projector's
 * 1280×720: at most three screens tall with one detail view, stepping in reach after scrolling to
 * the bottom, the details menu and `view=` links, "Show all views", generation stopping at the
 * end of text, and embed mode.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORE_VIEWS } from '../../src/app/viewRegistry';
import { axeViolations } from './axe';
import { REGIONS, runAndGenerate, showAllViews, tokenPosition, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

const SCREENS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
];

/** The detail views on the page, by region name. */
async function shownRegions(page: Page): Promise<string[]> {
  const shown: string[] = [];
  for (const name of REGIONS) if ((await page.getByRole('region', { name, exact: true }).count()) > 0) shown.push(name);
  return shown;
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('the Explore page', () => {
  for (const viewport of SCREENS) {
    it(`is at most three screens tall at ${viewport.width}×${viewport.height}, and stepping stays in reach`, async () => {
      const page = await ctx.browser.newPage({ viewport });
      const errors = watchErrors(page);
      await page.goto(`${ctx.baseUrl}?backend=wasm`);
      await waitForModel(page);
      const last = await runAndGenerate(page, 3);
      expect(await shownRegions(page)).toEqual(['Next token']);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height).toBeLessThanOrEqual(3 * viewport.height);
      // header, tabs, prompt and stepping leave most of the first screen to the views
      const stepping = page.getByRole('region', { name: 'Stepping', exact: true });
      const top = (await stepping.boundingBox())!;
      expect(top.y + top.height).toBeLessThanOrEqual(0.45 * viewport.height);

      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      const back = page.getByRole('button', { name: 'Back', exact: true });
      const box = (await back.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      await back.click();
      await expect.poll(() => tokenPosition(page)).toEqual([last, last + 1]);
      const nextToken = page.getByRole('region', { name: 'Next token', exact: true });
      await expect.poll(() => nextToken.innerText(), { timeout: 30_000 }).toContain(`(position ${last - 1})`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('selects the detail a link names, switches with the menu, and shows all six on request', async () => {
    const page = await ctx.browser.newPage({ viewport: SCREENS[0] });
    await page.goto(`${ctx.baseUrl}?backend=wasm#prompt=The%20little%20fox&n=2&view=attention`);
    const menu = page.getByRole('group', { name: 'Choose a detail view' });
    const attention = page.getByRole('region', { name: 'Attention', exact: true });
    await expect.poll(() => attention.isVisible(), { timeout: 120_000 }).toBe(true);
    expect(await shownRegions(page)).toEqual(['Attention']);
    expect(await menu.getByRole('button', { name: 'Attention' }).getAttribute('aria-pressed')).toBe('true');

    await menu.getByRole('button', { name: 'Expert routing' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Expert routing', exact: true }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    expect(await shownRegions(page)).toEqual(['Expert routing']);
    await expect.poll(() => page.url()).toContain('view=routing');

    await showAllViews(page);
    expect(await shownRegions(page)).toEqual(REGIONS);
    await expect.poll(() => page.url()).toContain('all=1');
    await page.getByLabel('Show all views').uncheck();
    expect(await shownRegions(page)).toEqual(['Expert routing']);
    await page.close();
  });

  it('has no WCAG 2.1 AA violation with one detail view, light and dark', async () => {
    const page = await ctx.browser.newPage({ viewport: SCREENS[1], colorScheme: 'light' });
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await runAndGenerate(page, 2);
    expect(await axeViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('stops generating at the end of text, unless told to go on', async () => {
    const page = await ctx.browser.newPage({ viewport: SCREENS[1] });
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    // the shipped model answers a sum and ends the text (tests/unit/session/endOfText.test.ts)
    await page.getByLabel('Prompt', { exact: true }).fill('37+48=');
    await page.getByRole('button', { name: 'Run prompt' }).click();
    await expect.poll(() => tokenPosition(page), { timeout: 60_000 }).not.toEqual([0, 0]);
    const [, promptLength] = await tokenPosition(page);
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await play.click();
    await expect
      .poll(() => page.getByText(/Token \d+ of \d+/).textContent(), { timeout: 60_000 })
      .toContain('end of text');
    const strip = page.getByRole('list', { name: 'Tokens' }).getByRole('button');
    const tokens = await strip.allTextContents();
    expect(tokens.at(-1)).toBe('⟨eos⟩');
    expect(tokens.length).toBeLessThan(promptLength + 12);
    expect(await play.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Generate', exact: true }).isDisabled()).toBe(true);
    // → at the end asks for nothing more
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(500);
    expect(await strip.count()).toBe(tokens.length);

    // the setting lets it go on, and the link keeps it
    await page.locator('.sampling-box > summary').click();
    await page.getByLabel('Continue past end of text').check();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => strip.count(), { timeout: 60_000 }).toBe(tokens.length + 1);
    expect(page.url()).toContain('pasteos=1');
    await page.close();
  });

  it('gives the stepping buttons thumb-sized targets on a phone', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await runAndGenerate(page, 1);
    for (const name of ['Back', 'Play', 'Generate']) {
      const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.width, name).toBeGreaterThanOrEqual(44);
      expect(box.height, name).toBeGreaterThanOrEqual(44);
    }
    await page.close();
  });
});

describe('embed mode', () => {
  it('renders exactly one view with a minimal stepping bar, and runs the prompt from the link', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 900, height: 600 } });
    const errors = watchErrors(page);
    await page.goto(`${ctx.baseUrl}?backend=wasm&embed=routing#prompt=The%20little%20fox&n=2`);
    const routing = page.getByRole('region', { name: 'Expert routing', exact: true });
    await expect.poll(() => routing.isVisible(), { timeout: 120_000 }).toBe(true);
    expect(await shownRegions(page)).toEqual(['Expert routing']);
    // the prompt ran and its two tokens came: the last one selected, nothing computing
    const status = page.getByText(/Token \d+ of \d+/);
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^Token (\d+) of \1$/);
    const [, n] = await tokenPosition(page);
    const generated = page.getByRole('list', { name: 'Tokens' }).locator('.token.generated');
    expect(await generated.count()).toBe(2);
    for (const gone of ['.app-header', '.page-tabs', '.classroom-bar', '.prompt-bar', '.view-menu'])
      expect(await page.locator(gone).count(), gone).toBe(0);
    expect(await page.getByRole('slider', { name: 'Token timeline' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect.poll(() => tokenPosition(page)).toEqual([n - 1, n]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says which ids are valid when the id is not a view', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.baseUrl}?backend=wasm&embed=nope`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('“nope”');
    for (const v of EXPLORE_VIEWS) expect(await alert.textContent()).toContain(v.id);
    await page.close();
  });
});
