/** Builds the app once and serves it on 127.0.0.1 for the end-to-end tests; drives the system Chromium. */
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium.ts';

export interface E2eContext {
  browser: Browser;
  server: PreviewServer;
  baseUrl: string;
  close: () => Promise<void>;
}

export async function startApp(): Promise<E2eContext> {
  await build({ logLevel: 'warn', build: { outDir: 'dist' } });
  const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
  return {
    browser,
    server,
    baseUrl: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
