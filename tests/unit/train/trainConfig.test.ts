import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TINYSEEK, TINY_TEST } from '../../../src/model/presets';
import { DEFAULT_HYPER, firstDifference, parseTrainConfig, TrainConfigError } from '../../../src/train/trainConfig';

describe('parseTrainConfig', () => {
  it('the shipped run config trains the tinyseek preset', () => {
    const run = parseTrainConfig(JSON.parse(readFileSync('scripts/train-tinyseek.json', 'utf8')));
    expect(run.model).toEqual(TINYSEEK);
    expect(run.train.seqLen).toBeLessThanOrEqual(TINYSEEK.max_position_embeddings);
    expect(run.data.tokenizer).toBe('public/models/tinyseek/tokenizer.json');
  });

  it('fills defaults; a preset takes overrides', () => {
    const run = parseTrainConfig({ model: { preset: 'tiny-test', hidden_size: 48 } });
    expect(run.train).toEqual(DEFAULT_HYPER);
    expect(run.model).toEqual({ ...TINY_TEST, hidden_size: 48 });
  });

  const bad: Array<[unknown, RegExp]> = [
    [[], /^\(root\): expected an object$/],
    [{}, /^model: is required$/],
    [{ model: { preset: 'huge' } }, /^model\.preset: expected one of .*tiny-test/],
    [{ model: { preset: 'tiny-test', n_group: 3 } }, /^model: config\.n_routed_experts: 8 experts cannot be split/],
    [{ model: { preset: 'tiny-test' }, train: { lr: 0 } }, /^train\.lr: expected a positive number, got 0$/],
    [{ model: { preset: 'tiny-test' }, train: { decay: 'linear' } }, /^train\.decay: expected "cosine" or "step"/],
    [{ model: { preset: 'tiny-test' }, train: { batchSize: 2.5 } }, /^train\.batchSize: expected a positive integer/],
    [
      { model: { preset: 'tiny-test' }, train: { seqLen: 129 } },
      /^train\.seqLen: 129 is longer than model\.max_position_embeddings \(128\)$/,
    ],
    [{ model: { preset: 'tiny-test' }, train: { minLr: 1 } }, /^train\.minLr: 1 is above train\.lr/],
    [{ model: { preset: 'tiny-test' }, train: { warmupSteps: 5000 } }, /^train\.warmupSteps: 5000 leaves no steps/],
    [{ model: { preset: 'tiny-test' }, data: { train: '' } }, /^data\.train: expected a file path/],
    [{ model: { preset: 'tiny-test' }, cadence: { logEvery: 0 } }, /^cadence\.logEvery: expected a positive integer/],
    [{ model: { preset: 'tiny-test' }, optimiser: {} }, /^optimiser: unknown section$/],
  ];
  it.each(bad)('rejects %j in one line naming the field', (json, message) => {
    let err: unknown = null;
    try {
      parseTrainConfig(json);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('firstDifference names the first differing field, nested', () => {
    expect(firstDifference({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } })).toBe('b.c: 2 ≠ 3');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeNull();
    expect(firstDifference({ a: null }, { a: { x: 1 } })).toBe('a: null ≠ {"x":1}');
  });
});
