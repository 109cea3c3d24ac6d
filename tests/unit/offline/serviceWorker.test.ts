/** The generated service worker, run in a Node vm with a fake cache storage and network. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { offlineFiles, precacheManifest, revisionOf, writeServiceWorker } from '../../../src/offline/swPlugin';
import { PRECACHE, SKIP_WAITING, serviceWorkerSource, type PrecacheEntry } from '../../../src/offline/swSource';

const SCOPE = 'https://school.example/tinyseek/';
const href = (path: string) => new URL(path, SCOPE).href;
const keyOf = (e: PrecacheEntry) => `${href(e.url)}?__rev=${e.revision}`;

type Key = Request | string;
const urlOf = (k: Key) => (typeof k === 'string' ? k : k.url);

class FakeCache {
  entries = new Map<string, Response>();
  async match(k: Key) {
    return this.entries.get(urlOf(k))?.clone();
  }
  async put(k: Key, res: Response) {
    this.entries.set(urlOf(k), res);
  }
  async delete(k: Key) {
    return this.entries.delete(urlOf(k));
  }
  async keys() {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
}

/** The server (its files by path under the scope, and every URL asked of it) behind the browser's HTTP cache. */
class Network {
  online = true;
  files = new Map<string, string>();
  httpCache = new Map<string, string>();
  requests: string[] = [];
  async fetch(r: Request): Promise<Response> {
    const path = new URL(r.url).pathname.slice(new URL(SCOPE).pathname.length);
    const kept = r.cache === 'reload' ? undefined : this.httpCache.get(path);
    if (kept !== undefined) return Object.defineProperty(new Response(kept), 'type', { value: 'basic' });
    this.requests.push(r.url);
    if (!this.online) throw new TypeError('Failed to fetch');
    const body = this.files.get(path);
    const res = body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
    // a same-origin response, as a browser would type it
    return Object.defineProperty(res, 'type', { value: 'basic' });
  }
  /** The files' precache list, revisions computed as the build computes them. */
  manifest(): PrecacheEntry[] {
    return [...this.files].map(([url, body]) => ({ url, revision: revisionOf(new TextEncoder().encode(body)) }));
  }
}

type Handler = (e: Record<string, unknown>) => void;

/** One origin's cache storage, shared by every worker version loaded on it. */
function origin() {
  const stores = new Map<string, FakeCache>([['someone-else', new FakeCache()]]);
  const network = new Network();
  const caches = {
    open: async (n: string) => stores.get(n) ?? stores.set(n, new FakeCache()).get(n)!,
    keys: async () => [...stores.keys()],
    delete: async (n: string) => stores.delete(n),
    match: async (k: Key, o: { cacheName: string }) => stores.get(o.cacheName)?.match(k),
  };
  /** Loads one release's worker; returns a way to fire its events and how often it skipped waiting. */
  const load = (entries: PrecacheEntry[]) => {
    const handlers: Record<string, Handler> = {};
    const skipped = { count: 0 };
    const self = {
      registration: { scope: SCOPE },
      location: new URL('sw.js', SCOPE),
      addEventListener: (t: string, h: Handler) => (handlers[t] = h),
      skipWaiting: async () => void skipped.count++,
      clients: { claim: async () => undefined },
    };
    runInNewContext(serviceWorkerSource({ entries }), {
      self,
      caches,
      crypto: globalThis.crypto,
      fetch: (r: Request) => network.fetch(r),
      Request,
      Response,
      URL,
    });
    /** Fires an event and waits for its waitUntil; returns what respondWith was given, if anything. */
    const fire = async (type: string, extra: Record<string, unknown> = {}) => {
      let waited: Promise<unknown> | undefined;
      let responded: Promise<Response> | undefined;
      handlers[type]({
        ...extra,
        waitUntil: (p: Promise<unknown>) => (waited = p),
        respondWith: (p: Promise<Response>) => (responded = p),
      });
      await waited;
      return responded;
    };
    /** What this worker answers a GET of `path` with (its body), or undefined when it leaves it alone. */
    const get = async (path: string, mode = 'cors') => {
      const res = await fire('fetch', { request: { url: href(path), method: 'GET', mode } });
      return res && (await res).text();
    };
    return { fire, get, skipped };
  };
  return { stores, network, load, precache: () => stores.get(PRECACHE)! };
}

const APP = { 'index.html': '<html>v1</html>', 'assets/app-1.js': 'app();', 'models/m/model.safetensors': 'weights' };

describe('service worker', () => {
  it('caches every listed file under its revision on install, and deletes the older single-hash caches on activate', async () => {
    const o = origin();
    o.stores.set('tinyseek-0123456789abcdef', new FakeCache()); // the worker of earlier builds
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    const entries = o.network.manifest();
    const sw = o.load(entries);
    await sw.fire('install');
    expect([...o.precache().entries.keys()].sort()).toEqual(entries.map(keyOf).sort());
    expect(await o.precache().entries.get(keyOf(entries[2]))!.clone().text()).toBe('weights');
    await sw.fire('activate');
    expect([...o.stores.keys()].sort()).toEqual(['someone-else', PRECACHE]);
  });

  it('downloads only the files a new release changed, serves each page its own release, and drops the stale files on activate', async () => {
    const o = origin();
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    const v1 = o.load(o.network.manifest());
    await v1.fire('install');
    await v1.fire('activate');

    o.network.files.set('models/m/model.safetensors', 'better weights');
    o.network.requests = [];
    const entries = o.network.manifest();
    const v2 = o.load(entries);
    await v2.fire('install');
    expect(o.network.requests).toEqual([href('models/m/model.safetensors')]);
    expect(v2.skipped.count).toBe(0); // it waits for the page's go-ahead

    // while v2 waits, v1's pages still get v1's model, and v2's get v2's, from the cache
    o.network.online = false;
    expect(await v1.get('models/m/model.safetensors')).toBe('weights');
    expect(await v2.get('models/m/model.safetensors')).toBe('better weights');
    expect(await v2.get('assets/app-1.js')).toBe('app();');

    await v2.fire('message', { data: { type: SKIP_WAITING } });
    expect(v2.skipped.count).toBe(1);
    await v2.fire('activate');
    expect([...o.precache().entries.keys()].sort()).toEqual(entries.map(keyOf).sort());
  });

  it('refuses a file whose bytes are not its listed revision (the server changed mid-update) and keeps nothing of it', async () => {
    const o = origin();
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    const entries = o.network.manifest();
    o.network.files.set('models/m/model.safetensors', 'a newer model than the list says');
    const sw = o.load(entries);
    await expect(sw.fire('install')).rejects.toThrow(/model\.safetensors has revision \w+, not \w+/);
    expect(o.precache().entries.has(keyOf(entries[2]))).toBe(false);
  });

  it('takes a file from the HTTP cache when that copy is the listed revision, and from the server when it is not', async () => {
    const o = origin();
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    o.network.httpCache.set('models/m/model.safetensors', 'weights'); // the page has just downloaded it
    o.network.httpCache.set('index.html', '<html>v0</html>'); // an older release's copy
    const sw = o.load(o.network.manifest());
    await sw.fire('install');
    expect(o.network.requests.sort()).toEqual([href('assets/app-1.js'), href('index.html')]);
    o.network.online = false;
    expect(await sw.get('', 'navigate')).toBe('<html>v1</html>');
    expect(await sw.get('models/m/model.safetensors')).toBe('weights');
  });

  it('takes over at once only from the single-hash worker of earlier builds, which cannot offer a reload', async () => {
    const o = origin();
    o.stores.set('tinyseek-0123456789abcdef', new FakeCache());
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    const sw = o.load(o.network.manifest());
    await sw.fire('install');
    expect(sw.skipped.count).toBe(1);
  });

  it('serves its files and the app page with no network, and leaves unlisted files, other origins and POSTs alone', async () => {
    const o = origin();
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    const sw = o.load(o.network.manifest());
    await sw.fire('install');
    o.network.online = false;
    o.network.requests = [];
    expect(await sw.get('assets/app-1.js')).toBe('app();');
    expect(await sw.get('?backend=wasm', 'navigate')).toBe('<html>v1</html>');
    expect(await sw.get('index.html#prompt=x', 'navigate')).toBe('<html>v1</html>');
    expect(o.network.requests).toEqual([]);
    expect(await sw.get('models/m/README.md', 'navigate')).toBeUndefined();
    expect(await sw.get('assets/app-1.js.map')).toBeUndefined();
    const other = { request: { url: 'https://cdn.example/x.js', method: 'GET', mode: 'cors' } };
    expect(await sw.fire('fetch', other)).toBeUndefined();
    const post = { request: { url: href('index.html'), method: 'POST', mode: 'cors' } };
    expect(await sw.fire('fetch', post)).toBeUndefined();
  });

  it('goes to the network for a listed file that is not in its cache', async () => {
    const o = origin();
    Object.entries(APP).forEach(([p, b]) => o.network.files.set(p, b));
    const entries = o.network.manifest();
    const sw = o.load(entries);
    await sw.fire('install');
    o.precache().entries.delete(keyOf(entries[1]));
    expect(await sw.get('assets/app-1.js')).toBe('app();');
    expect(o.network.requests.at(-1)).toBe(href('assets/app-1.js'));
  });
});

describe('precache list', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
  const folder = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'tinyseek-sw-'));
    roots.push(root);
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    return root;
  };

  it('keeps the app, its chunks, the wasm and the model, not maps, logs, cards, the ablation baseline or the worker itself', () => {
    expect(
      offlineFiles([
        'index.html',
        'assets/index-1.js',
        'assets/index-1.js.map',
        'assets/tfjs-backend-wasm-simd-2.wasm',
        'models/tinyseek/model.safetensors',
        'models/tinyseek/README.md',
        'models/tinyseek/train-log.jsonl',
        'models/tinyseek-dense-mha/model.safetensors',
        'sw.js',
      ]),
    ).toEqual([
      'index.html',
      'assets/index-1.js',
      'assets/tfjs-backend-wasm-simd-2.wasm',
      'models/tinyseek/model.safetensors',
    ]);
  });

  it('gives each file a revision of its own contents, so a build that changes one file changes one revision', () => {
    const files = { 'index.html': '<html>', 'assets/a.js': 'a', 'models/m/model.safetensors': 'w', 'a.js.map': 'm' };
    const before = precacheManifest(folder(files));
    expect(before.map((e) => e.url)).toEqual(['assets/a.js', 'index.html', 'models/m/model.safetensors']);
    expect(before.every((e) => /^[0-9a-f]{16}$/.test(e.revision))).toBe(true);
    expect(new Set(before.map((e) => e.revision)).size).toBe(3);
    const after = precacheManifest(folder({ ...files, 'assets/a.js': 'a2' }));
    expect(after.filter((e, i) => e.revision !== before[i].revision).map((e) => e.url)).toEqual(['assets/a.js']);
  });

  it('writes sw.js with that list into a built folder, and nothing into a folder without index.html', () => {
    const built = folder({ 'index.html': '<html>', 'assets/a.js': 'a' });
    expect(writeServiceWorker(built)).toBe(true);
    const source = readFileSync(join(built, 'sw.js'), 'utf8');
    for (const e of precacheManifest(built)) expect(source).toContain(JSON.stringify(e));
    const empty = folder({ 'assets/a.js': 'a' });
    expect(writeServiceWorker(empty)).toBe(false);
  });
});
