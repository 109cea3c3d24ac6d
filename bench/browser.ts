/**
 * Runs the model benchmark in headless Chromium: builds bench/browser/ with Vite's build API into
 * a temporary folder, serves it on 127.0.0.1 and opens one fresh page per backend (the system
 * Chromium with the WebGPU flags; SwiftShader when there is no GPU). Works offline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/chromium.ts';
import type { BenchPlan } from './modelBench';
import type { PageOutcome } from './browser/page';

const ROOT = 'bench/browser';

export async function runInChromium(
  backends: string[],
  plan: BenchPlan,
  timeoutMs: number,
  log: (line: string) => void,
  /** extra query parameters, e.g. { task: 'train', steps: '10' } for the training bench. */
  extra: Record<string, string> = {},
): Promise<PageOutcome[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'tinyseek-bench-'));
  const t0 = Date.now();
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  });
  log(`built the bench page in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const server = await preview({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const address = server.httpServer.address();
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
  try {
    if (!address || typeof address === 'string') throw new Error('bench: preview server has no port');
    const outcomes: PageOutcome[] = [];
    for (const backend of backends) {
      const page = await browser.newPage();
      page.on('console', (m) => log(`[chromium ${backend}] ${m.text()}`));
      const query = new URLSearchParams({ backend, plan: JSON.stringify(plan), ...extra });
      await page.goto(`http://127.0.0.1:${address.port}/?${query}`);
      const handle = await page.waitForFunction(() => window.__bench, null, { timeout: timeoutMs, polling: 500 });
      outcomes.push((await handle.jsonValue()) as PageOutcome);
      await page.close();
    }
    return outcomes;
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
