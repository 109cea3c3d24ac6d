/** Fetches a model folder (config.json, tokenizer.json, model.safetensors) with download progress. */
import { ModelFilesError, parseJsonFile, SHARD_INDEX, type ModelFileContents } from '../model/modelFiles';

export type ProgressFn = (loaded: number, total: number | null) => void;

async function get(url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ModelFilesError(url, `could not be fetched (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!res.ok) throw new ModelFilesError(url, `the server answered ${res.status} ${res.statusText}`.trim());
  return res;
}

/** Reads a response body in chunks, reporting bytes as they arrive. */
async function readWithProgress(res: Response, onProgress: ProgressFn): Promise<Uint8Array> {
  const header = Number(res.headers.get('content-length'));
  const total = Number.isFinite(header) && header > 0 ? header : null;
  if (!res.body) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onProgress(buf.length, buf.length);
    return buf;
  }
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function fetchJson(base: string, file: string): Promise<unknown> {
  return parseJsonFile(file, await (await get(base + file)).text());
}

/**
 * The weights file. A download that breaks off with a network error is tried once more past the
 * HTTP cache: Chromium's in-memory HTTP cache (fresh and incognito profiles) fails one of two
 * downloads of the same large file at once (net::ERR_CACHE_WRITE_FAILURE), as when the offline
 * cache fills while a lab's worker loads the model. A server's error answer is not retried.
 */
export async function fetchWeights(url: string, onProgress: ProgressFn): Promise<Uint8Array> {
  try {
    return await readWithProgress(await get(url), onProgress);
  } catch (e) {
    if (e instanceof ModelFilesError && e.message.includes('the server answered')) throw e;
    return readWithProgress(await get(url, { cache: 'no-store' }), onProgress);
  }
}

export async function fetchModelFiles(base: string, onProgress: ProgressFn): Promise<ModelFileContents> {
  const [config, tokenizer] = await Promise.all([fetchJson(base, 'config.json'), fetchJson(base, 'tokenizer.json')]);
  const weights = await fetchWeights(base + 'model.safetensors', onProgress);
  return { config, tokenizer, weights };
}

/**
 * Sorts files the user dropped into a model's files, or says which one is missing: one
 * model.safetensors, or Hugging Face's shards (model-00001-of-00002.safetensors, …) with
 * model.safetensors.index.json.
 */
export function modelFilesFromDrop(files: { name: string; buffer: ArrayBuffer }[]): ModelFileContents {
  const find = (test: (n: string) => boolean) => files.find((f) => test(f.name.toLowerCase()));
  const config = find((n) => n === 'config.json');
  const index = find((n) => n === SHARD_INDEX);
  const safetensors = files.filter((f) => f.name.toLowerCase().endsWith('.safetensors'));
  const tokenizer = find((n) => n === 'tokenizer.json');
  const names = files.map((f) => f.name).join(', ') || 'nothing';
  if (!config || safetensors.length === 0 || !tokenizer) {
    const missing = [
      !config && 'config.json',
      safetensors.length === 0 && 'a .safetensors file',
      !tokenizer && 'tokenizer.json',
    ]
      .filter(Boolean)
      .join(', ');
    throw new ModelFilesError(
      'dropped files',
      `a model needs config.json, model.safetensors and tokenizer.json; missing ${missing} (got ${names})`,
    );
  }
  if (!index && safetensors.length > 1) {
    throw new ModelFilesError(
      'dropped files',
      `${safetensors.length} .safetensors files but no ${SHARD_INDEX} to say which tensor is in which`,
    );
  }
  const text = (b: ArrayBuffer) => new TextDecoder().decode(b);
  return {
    config: parseJsonFile('config.json', text(config.buffer)),
    tokenizer: parseJsonFile('tokenizer.json', text(tokenizer.buffer)),
    weights: index
      ? {
          index: parseJsonFile(SHARD_INDEX, text(index.buffer)),
          shards: new Map(safetensors.map((f) => [f.name, new Uint8Array(f.buffer)])),
        }
      : new Uint8Array(safetensors[0].buffer),
  };
}
