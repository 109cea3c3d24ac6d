/**
 * The model worker and both lab workers are one script (src/worker/appWorker.ts), so the code they
 * share — tfjs and the backend each runs — is built once and fetched once (issue #16): in a page
 * that starts all three on wasm, no script is fetched twice under two names (each worker's own
 * copy of a chunk differs from another's only in the hashed names it imports).
 */
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForModel } from '../drive';
import { E2E_DIST, startApp, type E2eContext } from '../server';

let ctx: E2eContext;
beforeAll(async () => {
  ctx = await startApp();
});
afterAll(async () => {
  await ctx?.close();
});

/** A chunk's text with the hashes of the chunks it names taken out. */
const unhashed = (code: string) => code.replace(/-[\w-]{8}\.js/g, '.js');

describe('the workers', () => {
  it('share their scripts: a page running the model and both labs fetches no code twice', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // what the server sent, workers' module imports included (the page's events miss those)
    const requested = new Set<string>();
    const log = (req: IncomingMessage) => requested.add(new URL(req.url ?? '/', ctx.baseUrl).pathname);
    ctx.server.httpServer.on('request', log);
    await page.goto(`${ctx.baseUrl}?backend=wasm`);
    await waitForModel(page);
    const tab = (name: string) =>
      page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name, exact: true });
    await tab('Balance lab').click();
    const lab = page.getByRole('region', { name: 'Balance lab', exact: true });
    await expect.poll(() => lab.getByRole('status').textContent(), { timeout: 120_000 }).toMatch(/step 0/);
    await tab('GRPO lab').click();
    const grpo = page.getByRole('region', { name: 'GRPO', exact: true });
    await expect.poll(() => grpo.getByTestId('grpo-backend').textContent(), { timeout: 120_000 }).toBe('wasm');

    ctx.server.httpServer.off('request', log);
    const scripts = [...requested].filter((p) => p.endsWith('.js'));
    const byCode = new Map<string, string[]>();
    for (const path of scripts) {
      const code = unhashed(readFileSync(join(E2E_DIST, path), 'utf8'));
      byCode.set(code, [...(byCode.get(code) ?? []), path]);
    }
    const twice = [...byCode.values()].filter((paths) => paths.length > 1);
    expect(twice, 'scripts fetched under two names').toEqual([]);
    expect(scripts.length).toBeGreaterThan(5);
    expect(scripts.filter((p) => p.includes('/appWorker-'))).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
