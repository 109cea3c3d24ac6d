/** The weights download is tried once more, past the HTTP cache, when it breaks off; a server's error answer is not. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchWeights } from '../../../src/worker/fetchModel';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A response whose body breaks off after its first chunk, as a failed HTTP-cache write does. */
function brokenResponse(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array([1, 2]));
      c.error(new TypeError('network error'));
    },
  });
  return new Response(body, { status: 200 });
}

describe('fetchWeights', () => {
  it('downloads again with cache: no-store when the first download breaks off', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(brokenResponse())
      .mockResolvedValueOnce(new Response(new Uint8Array([1, 2, 3, 4]), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const bytes = await fetchWeights('models/x/model.safetensors', () => {});
    expect([...bytes]).toEqual([1, 2, 3, 4]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1][1]).toEqual({ cache: 'no-store' });
  });

  it('does not retry when the server answers with an error', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response('', { status: 404, statusText: 'Not Found' }));
    vi.stubGlobal('fetch', fetch);
    await expect(fetchWeights('models/x/model.safetensors', () => {})).rejects.toThrow(/the server answered 404/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
