/**
 * A Vite plugin: in `vite build`, after the bundle is written, lists every file in the output
 * folder (source maps, the models' training logs and cards, and the ablation baseline excepted),
 * gives each a revision (a hash of its contents), and writes sw.js (swSource.ts) with that
 * precache list beside index.html. A later build changes the revision of exactly the files whose
 * contents changed, so an installed service worker downloads only those. It also tells the page
 * whether there is a service worker to register (__TINYSEEK_SERVICE_WORKER__): only in builds,
 * never on the dev server. (It keys on the command, not on NODE_ENV: the e2e tests build under
 * NODE_ENV=test.)
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { REVISION_LENGTH, serviceWorkerSource, type PrecacheEntry } from './swSource.ts';

/** The service worker's file name, in the output folder's root. */
export const SW_FILE = 'sw.js';

/** Files a visit never needs offline (the ablation baseline is for `npm run eval`, not the app). */
const SKIP = [
  /\.map$/,
  /(^|\/)train-log\.jsonl$/,
  /(^|\/)models\/[^/]+\/README\.md$/,
  /(^|\/)models\/tinyseek-dense-mha\//,
  new RegExp(`^${SW_FILE}$`),
];

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The files the service worker keeps: all but source maps, the training log and model cards. */
export function offlineFiles(all: readonly string[]): string[] {
  return all.filter((f) => !SKIP.some((r) => r.test(f)));
}

/** A file's revision: the start of the SHA-256 of its bytes, in hex (the service worker checks it). */
export function revisionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, REVISION_LENGTH);
}

/** The precache list of a built folder: each offline file with its revision, sorted by path. */
export function precacheManifest(dir: string): PrecacheEntry[] {
  return offlineFiles(listFiles(dir)).map((url) => ({ url, revision: revisionOf(readFileSync(join(dir, url))) }));
}

/** Writes sw.js into a built folder; false (and nothing written) when it holds no index.html. */
export function writeServiceWorker(dir: string): boolean {
  const entries = precacheManifest(dir);
  if (!entries.some((e) => e.url === 'index.html')) return false;
  writeFileSync(join(dir, SW_FILE), serviceWorkerSource({ entries }));
  return true;
}

export function serviceWorkerPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'tinyseek-service-worker',
    config: (_, env) => ({ define: { __TINYSEEK_SERVICE_WORKER__: JSON.stringify(env.command === 'build') } }),
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      if (config.command !== 'build') return;
      const outDir = resolve(config.root, config.build.outDir);
      if (existsSync(outDir)) writeServiceWorker(outDir); // else nothing was written (a failed build)
    },
  };
}
