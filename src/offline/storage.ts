/**
 * What TinySeek keeps on this device for offline use (the service worker's cache, swSource.ts):
 * each shipped model and the app itself, with sizes, and a way to remove it all.
 */
import { CACHE_PREFIX } from './swSource';

/** One thing kept: the app (its code, page and wasm) or one model (its folder under models/). */
export interface StoredGroup {
  /** 'app', or the model's folder name. */
  kind: 'app' | 'model';
  name: string;
  files: number;
  bytes: number;
}

/** One cached file: its path below the app's folder and its size. */
export interface StoredFile {
  path: string;
  bytes: number;
}

/** Files grouped as the app and one group per models/<name>/ folder; the app first, then models by name. */
export function groupStored(files: readonly StoredFile[]): StoredGroup[] {
  const groups = new Map<string, StoredGroup>();
  for (const f of files) {
    const model = /^models\/([^/]+)\//.exec(f.path)?.[1];
    const key = model === undefined ? '' : model;
    const g = groups.get(key) ?? {
      kind: model === undefined ? 'app' : 'model',
      name: model ?? 'app',
      files: 0,
      bytes: 0,
    };
    g.files++;
    g.bytes += f.bytes;
    groups.set(key, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([, g]) => g);
}

/** The path of a cached URL below `base` (the app's folder), its revision parameter dropped. */
export function pathBelow(url: string, base: string): string {
  const u = new URL(url);
  const b = new URL(base);
  const path = u.pathname.startsWith(b.pathname) ? u.pathname.slice(b.pathname.length) : u.pathname.replace(/^\//, '');
  return decodeURIComponent(path);
}

/** Every file in this app's caches, with its size; [] where the browser has no Cache Storage. */
export async function readStoredFiles(base: string): Promise<StoredFile[]> {
  if (typeof caches === 'undefined') return [];
  const out: StoredFile[] = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      // the body's own size: a Content-Length header may be the compressed one, or missing
      const bytes = response ? (await response.blob()).size : 0;
      out.push({ path: pathBelow(request.url, base), bytes });
    }
  }
  return out;
}

/**
 * Removes everything this app keeps for offline use: its caches, and its service worker (so
 * nothing refills them while this page is open). The page keeps working from the network; a
 * later visit sets up offline use again.
 */
export async function clearStored(): Promise<void> {
  if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  }
}
