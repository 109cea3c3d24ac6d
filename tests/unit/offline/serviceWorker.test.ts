/** The generated service worker, run in a Node vm with a fake cache storage and network. */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { offlineFiles } from '../../../src/offline/swPlugin';
import { CACHE_PREFIX, serviceWorkerSource } from '../../../src/offline/swSource';

const SCOPE = 'https://school.example/tinyseek/';

class FakeCache {
  entries = new Map<string, Response>();
  async addAll(reqs: Request[]) {
    for (const r of reqs) this.entries.set(r.url, await network.fetch(r));
  }
  async match(req: Request | string) {
    return this.entries.get(typeof req === 'string' ? req : req.url)?.clone();
  }
  async put(req: Request, res: Response) {
    this.entries.set(req.url, res);
  }
  async keys() {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
}

const network = {
  online: true,
  requests: [] as string[],
  async fetch(r: Request): Promise<Response> {
    this.requests.push(r.url);
    if (!this.online) throw new TypeError('Failed to fetch');
    const res = new Response(`body of ${new URL(r.url).pathname}`, { status: 200 });
    // a same-origin response, as a browser would type it
    return Object.defineProperty(res, 'type', { value: 'basic' });
  },
};

type Handler = (e: Record<string, unknown>) => void;

/** Loads the worker; returns its caches and a way to fire its events. */
function loadWorker(files: string[], version: string) {
  const stores = new Map<string, FakeCache>([
    ['tinyseek-old', new FakeCache()],
    ['someone-else', new FakeCache()],
  ]);
  const handlers: Record<string, Handler> = {};
  const caches = {
    open: async (n: string) => stores.get(n) ?? stores.set(n, new FakeCache()).get(n)!,
    keys: async () => [...stores.keys()],
    delete: async (n: string) => stores.delete(n),
    match: async (u: string, o: { cacheName: string }) => stores.get(o.cacheName)?.match(u),
  };
  const self = {
    registration: { scope: SCOPE },
    location: new URL('sw.js', SCOPE),
    addEventListener: (t: string, h: Handler) => (handlers[t] = h),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  runInNewContext(serviceWorkerSource({ files, version }), {
    self,
    caches,
    fetch: (r: Request) => network.fetch(r),
    Request,
    Response,
    URL,
  });
  /** Fires an event and waits for its waitUntil; returns what respondWith was given, if anything. */
  const fire = async (type: string, extra: Record<string, unknown> = {}): Promise<{ response?: Promise<Response> }> => {
    let waited: Promise<unknown> | undefined;
    let responded: Promise<Response> | undefined;
    handlers[type]({
      ...extra,
      waitUntil: (p: Promise<unknown>) => (waited = p),
      respondWith: (p: Promise<Response>) => (responded = p),
    });
    await waited;
    return { response: responded };
  };
  return { stores, fire };
}

/** A fetch event's request: a plain object with what the worker reads. */
const get = (path: string, mode = 'cors') => ({ request: { url: new URL(path, SCOPE).href, method: 'GET', mode } });

describe('service worker', () => {
  it('caches every file on install and deletes its older caches on activate', async () => {
    network.online = true;
    const files = ['index.html', 'assets/app-1.js', 'models/tinyseek/model.safetensors'];
    const { stores, fire } = loadWorker(files, 'abc');
    await fire('install');
    const cache = stores.get(`${CACHE_PREFIX}abc`)!;
    expect([...cache.entries.keys()]).toEqual(files.map((f) => new URL(f, SCOPE).href));
    await fire('activate');
    expect([...stores.keys()].sort()).toEqual(['someone-else', `${CACHE_PREFIX}abc`]);
  });

  it('serves cached files with no network, and the app shell for any page', async () => {
    network.online = true;
    const { fire } = loadWorker(['index.html', 'assets/app-1.js'], 'v1');
    await fire('install');
    network.online = false;
    network.requests = [];
    const asset = await (await fire('fetch', get('assets/app-1.js'))).response!;
    expect(await asset.text()).toBe('body of /tinyseek/assets/app-1.js');
    expect(network.requests).toEqual([]);
    const page = await (await fire('fetch', get('?backend=wasm', 'navigate'))).response!;
    expect(await page.text()).toBe('body of /tinyseek/index.html');
    // what was never cached fails as the network does
    await expect((await fire('fetch', get('assets/never-cached.js'))).response).rejects.toThrow('Failed to fetch');
  });

  it('goes to the network first for pages, keeps what it fetches, and leaves other origins and POSTs alone', async () => {
    network.online = true;
    const { stores, fire } = loadWorker(['index.html'], 'v2');
    await fire('install');
    network.requests = [];
    await (
      await fire('fetch', get('', 'navigate'))
    ).response;
    expect(network.requests).toEqual([SCOPE]);
    await (await (await fire('fetch', get('assets/late-chunk.js'))).response!).text();
    expect(stores.get(`${CACHE_PREFIX}v2`)!.entries.has(new URL('assets/late-chunk.js', SCOPE).href)).toBe(true);
    const other = { request: { url: 'https://cdn.example/x.js', method: 'GET', mode: 'cors' } };
    expect((await fire('fetch', other)).response).toBeUndefined();
    const post = { request: { url: new URL('api', SCOPE).href, method: 'POST', mode: 'cors' } };
    expect((await fire('fetch', post)).response).toBeUndefined();
  });

  it('still answers when keeping a copy fails (a full or racing cache)', async () => {
    network.online = true;
    const { stores, fire } = loadWorker(['index.html'], 'v3');
    await fire('install');
    stores.get(`${CACHE_PREFIX}v3`)!.put = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
    const res = await (await fire('fetch', get('models/tinyseek/model.safetensors'))).response!;
    expect(await res.text()).toBe('body of /tinyseek/models/tinyseek/model.safetensors');
  });
});

describe('offlineFiles', () => {
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
});
