/** The storage panel's inventory: cached files grouped as the app and each model. */
import { describe, expect, it } from 'vitest';
import { groupStored, pathBelow } from '../../../src/offline/storage';

describe('groupStored', () => {
  it('puts each models/<name>/ folder in its own group and everything else in the app, app first', () => {
    const groups = groupStored([
      { path: 'models/tinyseek/model.safetensors', bytes: 7_361_312 },
      { path: 'index.html', bytes: 1_000 },
      { path: 'models/alpha/config.json', bytes: 10 },
      { path: 'assets/index-abc.js', bytes: 250_000 },
      { path: 'models/tinyseek/tokenizer.json', bytes: 30_122 },
      { path: 'assets/tfjs-backend-wasm-simd.wasm', bytes: 400_000 },
    ]);
    expect(groups).toEqual([
      { kind: 'app', name: 'app', files: 3, bytes: 651_000 },
      { kind: 'model', name: 'alpha', files: 1, bytes: 10 },
      { kind: 'model', name: 'tinyseek', files: 2, bytes: 7_391_434 },
    ]);
  });

  it('is empty when nothing is stored', () => {
    expect(groupStored([])).toEqual([]);
  });
});

describe('pathBelow', () => {
  it("drops the app's folder and the revision parameter, and decodes the path", () => {
    expect(
      pathBelow('https://x.org/tinyseek/models/tinyseek/model.safetensors?__rev=ab12', 'https://x.org/tinyseek/'),
    ).toBe('models/tinyseek/model.safetensors');
    expect(pathBelow('http://127.0.0.1:4173/index.html?__rev=1', 'http://127.0.0.1:4173/')).toBe('index.html');
    expect(pathBelow('http://h/a%20b.js', 'http://h/')).toBe('a b.js');
  });
});
