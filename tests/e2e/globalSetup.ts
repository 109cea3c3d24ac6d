/** Builds the app once for every end-to-end file (each then serves that build), into its own folder. */
import { build } from 'vite';
import { E2E_DIST } from './server.ts';

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } });
}
