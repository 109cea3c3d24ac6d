import { describe, expect, it } from 'vitest';
import type { LabStepEvent } from '../../../../src/train/lab/labEvents';
import {
  LabRunError,
  MAX_RUN_BYTES,
  MAX_RUN_POINTS,
  RUN_FORMAT,
  checkRunFileSize,
  readLabRun,
  toPoint,
  type LabRunFile,
} from '../../../../src/train/lab/labRun';
import { LAB_DEFAULTS } from '../../../../src/train/lab/labSettings';

const event = (step: number): LabStepEvent => ({
  step,
  loss: 7,
  lmLoss: 6.9,
  auxTotal: 0.1,
  balance: { expert: 1.2, device: 1.1, comm: 1 },
  layers: [0, 1].map((layer) => ({
    layer,
    f: [2, 0, 1, 1, 1, 1, 1, 1],
    P: Array(8).fill(0.125),
    groupsMax: 2,
    groupsMean: 1.5,
    expert: 1.2,
    device: 1.1,
    comm: 1,
    maxLoad: 2,
    entropy: 2.75,
    top2Share: 0.375,
    dropped: 0,
  })),
  maxLoad: 2,
  entropy: 2.75,
  dropShare: 0,
  groupsMax: 2,
  lr: 0.03,
  gradNorm: 1,
  tokens: 256,
  ms: 100,
  tokensPerSec: 2560,
});

const run = (): LabRunFile => ({
  format: RUN_FORMAT,
  version: 1,
  settings: LAB_DEFAULTS,
  backend: 'wasm',
  layers: [0, 1],
  points: [1, 2, 3].map((s) => toPoint(event(s))),
});

describe('lab run files', () => {
  it('round-trip through JSON unchanged', () => {
    const r = run();
    expect(readLabRun(JSON.stringify(r))).toEqual(r);
    expect(r.points[0].f).toHaveLength(2);
    expect(r.points[0]).toMatchObject({ step: 1, lmLoss: 6.9, expert: 1.2, maxLoad: 2, tokensPerSec: 2560 });
  });

  it('refuse bad files with a one-line message naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[]', /expected a JSON object/],
      [JSON.stringify({ ...run(), format: 'x' }), /"format" is "x"/],
      [JSON.stringify({ ...run(), version: 2 }), /version 2/],
      [JSON.stringify({ ...run(), settings: { ...LAB_DEFAULTS, lr: 0 } }), /settings\.lr/],
      [
        JSON.stringify({ ...run(), points: [{ ...run().points[0], lmLoss: null }] }),
        /points\[0\]\.lmLoss: expected a finite number/,
      ],
      [
        JSON.stringify({ ...run(), points: [run().points[1], run().points[0]] }),
        /points\[1\]\.step: steps must be increasing/,
      ],
      [JSON.stringify({ ...run(), points: [{ ...run().points[0], f: [[1]] }] }), /points\[0\]\.f: expected 2 lists/],
    ];
    for (const [text, re] of cases) {
      expect(() => readLabRun(text)).toThrow(LabRunError);
      expect(() => readLabRun(text)).toThrow(re);
    }
  });

  it('refuse runs that do not fit the model or the limits, naming the limit', () => {
    const p = run().points[0];
    const cases: [unknown, RegExp][] = [
      [{ ...run(), layers: [999] }, /layers: the lab-small model's MoE layers are \[0, 1\], got \[999\]/],
      [{ ...run(), layers: [0, 1, 2] }, /MoE layers are \[0, 1\]/],
      [
        { ...run(), points: [{ ...p, f: [p.f[0], p.f[1].slice(1)] }] },
        /points\[0\]\.f\[1\]: .* 8 routed experts per layer, got 7/,
      ],
      [
        { ...run(), points: [{ ...p, f: [Array(100_000).fill(1), Array(100_000).fill(1)] }] },
        /points\[0\]\.f\[0\]: the lab-small model has 8 routed experts per layer, got 100000/,
      ],
      [{ ...run(), points: Array(MAX_RUN_POINTS + 1).fill(0) }, new RegExp(`at most ${MAX_RUN_POINTS}`)],
      [{ ...run(), points: [{ ...p, f: [p.f[0], [...p.f[1].slice(1), -1]] }] }, /non-negative/],
    ];
    for (const [json, re] of cases) {
      expect(() => readLabRun(JSON.stringify(json))).toThrow(LabRunError);
      expect(() => readLabRun(JSON.stringify(json))).toThrow(re);
    }
    expect(() => checkRunFileSize(MAX_RUN_BYTES + 1)).toThrow(/may be at most 128 MB/);
    expect(() => checkRunFileSize(52 * 2 ** 20)).not.toThrow();
  });

  it('a 200,000-step run is accepted', () => {
    const r = { ...run(), points: Array.from({ length: 200_000 }, (_, i) => toPoint(event(i + 1))) };
    expect(readLabRun(JSON.stringify(r)).points).toHaveLength(200_000);
  });
});
