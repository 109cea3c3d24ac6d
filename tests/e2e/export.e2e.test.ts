/** Every chart's Download menu in headless Chromium: SVG and PNG of the chart, CSV and JSON of its table. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAndGenerate, showAllViews, waitForModel } from './drive';
import { startApp, type E2eContext } from './server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

/** Opens a chart's Download menu, presses one format and returns the file's name and bytes. */
async function download(page: Page, what: string, format: string): Promise<{ name: string; bytes: Buffer }> {
  const menu = page.getByRole('button', { name: `Download: ${what}`, exact: true });
  if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('button', { name: new RegExp(`^${format}: Download `) })
      .first()
      .click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

describe('export', () => {
  it('downloads the next-token chart as SVG and PNG and its data as CSV and JSON', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await runAndGenerate(page, 2);
    const what = 'Recorded next-token distribution';
    const region = page.getByRole('region', { name: 'Next token', exact: true });
    const chartName = await region.getByRole('img').first().getAttribute('aria-label');

    const svg = await download(page, what, 'SVG image');
    expect(svg.name).toBe('tinyseek-recorded-next-token-distribution.svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svgText).toContain(`<title>${chartName!.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</title>`);
    expect((svgText.match(/<rect/g) ?? []).length).toBeGreaterThanOrEqual(11); // background + 10 bars

    const png = await download(page, what, 'PNG image');
    expect(png.name).toBe('tinyseek-recorded-next-token-distribution.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(100); // IHDR width, px

    // the table the page shows, cell by cell
    await page.getByRole('button', { name: `Show data: ${what}` }).click();
    const table = page.getByRole('group', { name: `Data: ${what}` }).getByRole('table');
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(shown).toHaveLength(10);

    const csv = (await download(page, what, 'CSV table')).bytes.toString('utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('rank,token,id,p');
    expect(lines).toHaveLength(11);
    expect(lines[1].split(',').at(-1)).toBe(shown[0].at(-1));

    const json = JSON.parse((await download(page, what, 'JSON table')).bytes.toString('utf8'));
    expect(json.title).toBe(what);
    expect(json.columns).toEqual(['rank', 'token', 'id', 'p']);
    expect(json.rows.map((r: Record<string, unknown>) => String(r.token))).toEqual(shown.map((r) => r[1]));
    await context.close();
  });

  it('offers the chart images for every view that draws one', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    await runAndGenerate(page, 1);
    await showAllViews(page);
    for (const name of ['Next token', 'KV cache', 'Attention', 'Expert routing', 'Load balance', 'Architecture']) {
      const region = page.getByRole('region', { name, exact: true });
      await region
        .getByRole('button', { name: /^Download: / })
        .first()
        .click();
      await expect(
        region
          .getByRole('button', { name: /^SVG image: / })
          .first()
          .isVisible(),
        name,
      ).resolves.toBe(true);
      await page.keyboard.press('Escape');
      await expect(
        region
          .getByRole('button', { name: /^SVG image: / })
          .first()
          .isVisible(),
        name,
      ).resolves.toBe(false);
    }
    await page.close();
  });
});
