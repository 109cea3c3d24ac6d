/**
 * A Vite plugin: in `vite build`, after the bundle is written, lists every file in the output
 * folder (source maps, the models' training logs and cards, and the ablation baseline excepted), hashes their contents,
 * and writes sw.js (swSource.ts) beside index.html. It also tells the page whether there is a
 * service worker to register (__TINYSEEK_SERVICE_WORKER__): only in builds, never on the dev
 * server. (It keys on the command, not on NODE_ENV: the e2e tests build under NODE_ENV=test.)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { serviceWorkerSource } from './swSource.ts';

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
      let files: string[];
      try {
        files = offlineFiles(listFiles(outDir));
      } catch {
        return; // nothing was written (a failed or library build)
      }
      if (!files.includes('index.html')) return;
      const hash = createHash('sha256');
      for (const f of files)
        hash
          .update(f)
          .update('\0')
          .update(readFileSync(join(outDir, f)));
      const version = hash.digest('hex').slice(0, 16);
      writeFileSync(join(outDir, SW_FILE), serviceWorkerSource({ files, version }));
    },
  };
}
