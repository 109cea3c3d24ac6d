/**
 * Sizes of a production build: the JavaScript the first page loads (index.html's scripts and their
 * static imports), the model worker's own, each backend's chunk (loaded by the worker on demand),
 * the views' chunks, the wasm binaries and the shipped model's files; raw and gzip (level 9).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Sized {
  files: string[];
  bytes: number;
  gzip: number;
}

export interface BundleResult {
  initial: Sized;
  worker: Sized;
  backends: Record<string, Sized>;
  /** each backend's own chunk (the one the worker imports for it). */
  backendEntries: Record<string, string>;
  views: Sized;
  /** the rest of the on-demand JS (labs, shared chunks). */
  otherLazy: Sized;
  wasm: { file: string; bytes: number; gzip: number }[];
  model: { file: string; bytes: number; gzip: number }[];
}

const Q = '["\'`]';
const STATIC_IMPORT = new RegExp(
  `(?:^|[;}\\n])\\s*import\\s*(?:[\\w$*{}\\s,]+from\\s*)?${Q}\\./([^"'\`]+\\.js)${Q}`,
  'g',
);
const WORKER_URL = new RegExp(`new Worker\\(\\s*new URL\\(\\s*${Q}(?:/assets/|\\./)?([^"'\`]+\\.js)${Q}`, 'g');
/** src/runtime/backends.ts: `case 'webgpu': await import('…')` — the first chunk imported after each backend's name. */
const BACKEND_CASE = new RegExp(
  `case\\s*${Q}(webgpu|webgl|wasm|cpu)${Q}:[^;]*?import\\(\\s*${Q}\\./([^"'\`]+\\.js)${Q}`,
  'g',
);

function sized(dir: string, files: Iterable<string>): Sized {
  const list = [...new Set(files)].sort();
  let bytes = 0;
  let gzip = 0;
  for (const f of list) {
    const b = readFileSync(join(dir, f));
    bytes += b.length;
    gzip += gzipSync(b, { level: 9 }).length;
  }
  return { files: list, bytes, gzip };
}

/** `from` and every chunk it imports statically, transitively. */
function closure(dir: string, from: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(STATIC_IMPORT)) visit(m[1]);
  };
  from.forEach(visit);
  return seen;
}

export function bundleBench(outDir: string, modelDir = 'public/models/tinyseek'): BundleResult {
  const assets = join(outDir, 'assets');
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/(?:src|href)="\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const initial = closure(assets, entries);
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const workers = new Set<string>();
  for (const f of initial)
    for (const m of readFileSync(join(assets, f), 'utf8').matchAll(WORKER_URL))
      workers.add(m[1].replace(/^assets\//, ''));
  // every worker is one script (src/worker/appWorker.ts); the model worker is it and the model host's chunk
  const modelRole = js.filter((f) => f.startsWith('modelWorker-'));
  const worker = closure(assets, [...workers, ...modelRole]);
  const backends: Record<string, Set<string>> = {};
  const backendEntries: Record<string, string> = {};
  for (const f of worker)
    for (const m of readFileSync(join(assets, f), 'utf8').matchAll(BACKEND_CASE)) {
      backends[m[1]] = closure(assets, [m[2]]);
      backendEntries[m[1]] = m[2];
    }
  // a backend's chunk without what the worker already holds
  for (const b of Object.keys(backends)) for (const f of worker) backends[b].delete(f);
  const views = closure(
    assets,
    js.filter((f) => /^(NextToken|KvCache|Attention|ExpertRouting|LoadBalance|Architecture)View-/.test(f)),
  );
  for (const f of initial) views.delete(f);
  const counted = new Set([...initial, ...worker, ...views, ...Object.values(backends).flatMap((s) => [...s])]);
  const file = (dir: string, f: string) => {
    const b = readFileSync(join(dir, f));
    return { file: f, bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
  };
  return {
    initial: sized(assets, initial),
    worker: sized(assets, worker),
    backends: Object.fromEntries(Object.entries(backends).map(([b, s]) => [b, sized(assets, s)])),
    backendEntries,
    views: sized(assets, views),
    otherLazy: sized(
      assets,
      js.filter((f) => !counted.has(f)),
    ),
    wasm: readdirSync(assets)
      .filter((f) => f.endsWith('.wasm'))
      .map((f) => file(assets, f)),
    model: readdirSync(modelDir)
      .filter((f) => statSync(join(modelDir, f)).isFile() && !/README|train-log/.test(f))
      .map((f) => file(modelDir, f)),
  };
}
