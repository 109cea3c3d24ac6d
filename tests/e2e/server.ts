/** Serves the app built by globalSetup.ts on 127.0.0.1 for the end-to-end tests; drives the system Chromium. */
import { chromium, type Browser } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium.ts';

export interface E2eContext {
  browser: Browser;
  server: PreviewServer;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The production build the end-to-end files share (apart from `npm run build`'s dist/). */
export const E2E_DIST = 'dist-e2e';

export async function startApp(): Promise<E2eContext> {
  const server = await preview({
    logLevel: 'warn',
    build: { outDir: E2E_DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
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
