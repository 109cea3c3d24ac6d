/** A model dropped as one zip: its model files come out as if dropped loose; bombs and odd zips are refused in one line. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expandZips } from '../../../src/worker/modelZip';

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const zipFile = (name: string, entries: Record<string, Uint8Array>) => ({ name, buffer: buf(zipSync(entries)) });
const text = (b: ArrayBuffer) => new TextDecoder().decode(b);

describe('expandZips', () => {
  it('takes the model files out of one folder, drops the rest, and keeps loose files as they are', () => {
    const weights = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const files = expandZips([
      zipFile('run.zip', {
        'tinyseek-grpo-step40/config.json': strToU8('{"a":1}'),
        'tinyseek-grpo-step40/model.safetensors': weights,
        'tinyseek-grpo-step40/tokenizer.json': strToU8('{"t":2}'),
        'tinyseek-grpo-step40/README.md': strToU8('# run'),
        '__MACOSX/tinyseek-grpo-step40/._config.json': strToU8('junk'),
      }),
      { name: 'notes.txt', buffer: buf(strToU8('loose')) },
    ]);
    expect(files.map((f) => f.name).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'notes.txt',
      'tokenizer.json',
    ]);
    expect(text(files.find((f) => f.name === 'config.json')!.buffer)).toBe('{"a":1}');
    expect(new Uint8Array(files.find((f) => f.name === 'model.safetensors')!.buffer)).toEqual(weights);
  });

  it('refuses a zip whose model files would unpack past the weight budget, by its directory alone', () => {
    const bomb = zipSync({ 'm/model.safetensors': new Uint8Array(64) });
    // declare 2 GB as the entry's size in the central directory (signature PK\x01\x02, size at +24)
    const view = new DataView(bomb.buffer);
    for (let i = bomb.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 2_000_000_000, true);
        break;
      }
    }
    expect(() => expandZips([{ name: 'bomb.zip', buffer: buf(bomb) }])).toThrow(
      /^dropped zip bomb\.zip: its model files unpack to 2\.00 GB or more; TinySeek loads at most 1 GB of weights$/,
    );
  });

  it('refuses a broken zip, two model folders, and a zip without model files, naming the zip', () => {
    expect(() => expandZips([{ name: 'x.zip', buffer: buf(strToU8('not a zip at all')) }])).toThrow(
      /^dropped zip x\.zip: is not a zip TinySeek can read \(.+\)$/,
    );
    expect(() =>
      expandZips([zipFile('two.zip', { 'a/config.json': strToU8('{}'), 'b/config.json': strToU8('{}') })]),
    ).toThrow(/^dropped zip two\.zip: holds model files in 2 folders \(a, b\); zip one model at a time$/);
    expect(() => expandZips([zipFile('none.zip', { 'a/README.md': strToU8('# hi') })])).toThrow(
      /^dropped zip none\.zip: holds no config\.json, tokenizer\.json or \.safetensors file$/,
    );
  });
});
