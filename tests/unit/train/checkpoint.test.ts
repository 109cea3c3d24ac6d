import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { initWeights } from '../../../src/model/weights';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../src/train/checkpoint';
import { tinyRun } from './trainFixtures';

function fakeCheckpoint(): Checkpoint {
  const run = tinyRun();
  const m = new Map([['layers.0.inputLayernorm', Float32Array.from([0.5, -0, NaN, 1e-40])]]);
  const v = new Map([['layers.0.inputLayernorm', Float32Array.from([1, 2, 3, 4])]]);
  return {
    run,
    step: 7,
    data: { epoch: 1, cursor: 3, rng: { a: 1, b: 2, c: 3, d: 4294967295, spare: -0.25 } },
    rng: { a: 5, b: 6, c: 7, d: 8, spare: null },
    progress: { tokens: 448, elapsedMs: 1234.5 },
    workers: 2,
    weights: initWeights(run.model, 9),
    optimizer: { step: 7, m, v },
    paramShapes: new Map([['layers.0.inputLayernorm', [4]]]),
  };
}

describe('checkpoint bytes', () => {
  it('round-trips weights, moments (raw bits), step, data position, RNG and run config', () => {
    const ck = fakeCheckpoint();
    const back = decodeCheckpoint(encodeCheckpoint(ck), ck.run.model);
    expect(back.step).toBe(7);
    expect(back.optimizer.step).toBe(7);
    expect(back.data).toEqual(ck.data);
    expect(back.rng).toEqual(ck.rng);
    expect(back.progress).toEqual(ck.progress);
    expect(back.workers).toBe(2);
    expect(back.run).toEqual(ck.run);
    const bits = (a: Float32Array) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
    expect(bits(back.optimizer.m.get('layers.0.inputLayernorm')!)).toEqual(
      bits(ck.optimizer.m.get('layers.0.inputLayernorm')!),
    );
    expect([...back.weights.keys()]).toEqual([...ck.weights.keys()]);
    for (const [name, t] of ck.weights) expect(bits(back.weights.get(name)!.data)).toEqual(bits(t.data));
    expect(back.paramShapes.get('layers.0.inputLayernorm')).toEqual([4]);
  });

  it('refuses a checkpoint from another model config, naming the field', () => {
    const ck = fakeCheckpoint();
    const other = parseConfig({ ...ck.run.model, hidden_size: 48 });
    const bytes = encodeCheckpoint(ck);
    expect(() => decodeCheckpoint(bytes, other)).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(bytes, other)).toThrow(
      /^checkpoint is for another model config \(hidden_size: 32 ≠ 48/,
    );
  });

  it('refuses garbage, a plain model file and a future version, in one line', () => {
    const one = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(CheckpointError);
        expect((e as Error).message.split('\n')).toHaveLength(1);
        return (e as Error).message;
      }
      throw new Error('did not throw');
    };
    expect(one(() => decodeCheckpoint(new Uint8Array([1, 2, 3])))).toMatch(/not a readable safetensors file/);
    const bytes = encodeCheckpoint(fakeCheckpoint());
    const text = new TextDecoder().decode(bytes.subarray(0, 4000));
    const at = text.indexOf('"version":"1"');
    const future = Uint8Array.from(bytes);
    future[at + 11] = '9'.charCodeAt(0);
    expect(one(() => decodeCheckpoint(future))).toMatch(/version 9 is not supported/);
    const tagless = Uint8Array.from(bytes);
    tagless.set(new TextEncoder().encode('"formax"'), text.indexOf('"format"'));
    expect(one(() => decodeCheckpoint(tagless))).toMatch(/not a TinySeek training checkpoint/);
  });
});
