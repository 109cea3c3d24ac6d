import { describe, expect, it } from 'vitest';
import type { LabStepEvent } from '../../../../src/train/lab/labEvents';
import { LabRunError, RUN_FORMAT, readLabRun, toPoint, type LabRunFile } from '../../../../src/train/lab/labRun';
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
});
