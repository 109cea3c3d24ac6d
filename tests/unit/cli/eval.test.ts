import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalMain, SAMPLE_PROMPTS } from '../../../src/cli/eval';
import { parseConfig } from '../../../src/model/config';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { argmax } from '../../../src/model/sampling';
import { BpeTokenizer } from '../../../src/model/tokenizer';
import { encodeCorpus } from '../../../src/train/data';
import { additionPass, validationPass } from '../../../src/train/evalPasses';
import { bitsPerByte, type EvalReport } from '../../../src/train/evaluate';
import { FIXTURE_CONFIG, SHIPPED_TOKENIZER, writeFixtureModel, type FixtureModel } from './fixtureModel';

const tok = BpeTokenizer.fromJSON(JSON.parse(readFileSync(SHIPPED_TOKENIZER, 'utf8')));
/** Three lines, one an addition: well under one 128-token window, so one forward covers them. */
const VAL = 'The little red hen found a grain of wheat.\n12+34=46\n"Oh, my ears and whiskers!" said Alice.\n';
const ADDITIONS = [
  { a: 10, b: 30, prompt: '10+30=', answer: '40' },
  { a: 27, b: 58, prompt: '27+58=', answer: '85' },
  { a: 99, b: 99, prompt: '99+99=', answer: '198' },
];

let root = '';
let fx: FixtureModel;
let corpus = '';

interface Run {
  code: number;
  stderr: string;
  report: (EvalReport & { card?: string; baseline?: { bitsPerByte: number; additionAccuracy: number } }) | null;
}

async function runEval(...flags: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await evalMain(['--model', fx.dir, '--val', join(corpus, 'val.txt'), '--backend', 'cpu', ...flags], {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  });
  return { code, stderr: err.join(''), report: code === 0 ? JSON.parse(out.join('')) : null };
}

/** Logits of one forward over `ids`, in float64 rows [T][V]. */
async function logitRows(ids: number[]): Promise<{ rows: number[][]; masks: number[][][] }> {
  const model = DeepseekV2Model.fromHostWeights(fx.config, fx.weights);
  const out = model.forward([ids]);
  const V = fx.config.vocab_size;
  const flat = await out.logits.data();
  const rows = ids.map((_, t) => Array.from(flat.subarray(t * V, (t + 1) * V)));
  const masks: number[][][] = [];
  for (const r of out.routers) masks.push((await r.router.mask.array()) as number[][]);
  disposeForwardResult(out);
  model.dispose();
  return { rows, masks };
}

const logSoftmax = (row: number[], i: number) => {
  const m = Math.max(...row);
  return row[i] - m - Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0));
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-eval-'));
  fx = writeFixtureModel(join(root, 'model'));
  corpus = join(root, 'corpus');
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'val.txt'), VAL);
  writeFileSync(join(corpus, 'train.txt'), 'the little red hen said alice\n');
  writeFileSync(join(corpus, 'heldout-additions.json'), JSON.stringify({ items: ADDITIONS }));
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm run eval', () => {
  let r: Run;
  beforeAll(async () => {
    const before = tf.memory().numTensors;
    r = await runEval();
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('bits per byte: Σ −log2 p over non-bos targets ÷ the UTF-8 bytes of the text, checked in float64', async () => {
    expect(r.code, r.stderr).toBe(0);
    const v = r.report!.validation;
    const ids = Array.from(encodeCorpus(VAL, tok));
    const { rows } = await logitRows(ids.slice(0, -1));
    let nats = 0;
    let scored = 0;
    for (let t = 1; t < ids.length; t++) {
      if (ids[t] === tok.specialTokens.bos) continue; // context only
      nats -= logSoftmax(rows[t - 1], ids[t]);
      scored++;
    }
    const bytes = Buffer.byteLength(VAL, 'utf8'); // three lines and their newlines = eos targets
    expect([v.streamTokens, v.usedTokens, v.windows, v.scoredTokens, v.bytes]).toEqual([
      ids.length,
      ids.length,
      1,
      ids.length - 3, // every token but the first bos, and the two later bos
      bytes,
    ]);
    expect(scored).toBe(v.scoredTokens);
    expect(v.nats).toBeCloseTo(nats, 2);
    expect(v.bitsPerByte).toBeCloseTo(nats / Math.LN2 / bytes, 5);
    expect(v.natsPerToken).toBeCloseTo(nats / scored, 5);
  });

  it('load: per MoE layer, the tokens routed to each expert over the fair share K/Nr', async () => {
    const ids = Array.from(encodeCorpus(VAL, tok));
    const { masks } = await logitRows(ids.slice(0, -1));
    const k = fx.config.num_experts_per_tok;
    const nr = fx.config.n_routed_experts as number;
    const load = r.report!.load;
    expect(load.map((l) => l.layer)).toEqual([1, 2]);
    load.forEach((l, i) => {
      expect(l.tokens).toBe(ids.length - 1); // every input position once
      const counts = Array.from({ length: nr }, (_, e) => masks[i].reduce((a, row) => a + row[e], 0));
      l.ratio.forEach((x, e) => expect(x).toBeCloseTo(counts[e] / l.tokens / (k / nr), 10));
      expect(l.fraction.reduce((a, b) => a + b)).toBeCloseTo(k, 10); // each token picks K experts
      expect(l.min).toBe(Math.min(...l.ratio));
      expect(l.max).toBe(l.ratio[l.argmax]);
    });
  });

  it('additions: greedy digits after bos + "a+b=", matching a forward-only greedy decode', async () => {
    const a = r.report!.addition;
    let correct = 0;
    const got: string[] = [];
    for (const item of ADDITIONS) {
      const ids = [tok.specialTokens.bos as number, ...tok.encode(item.prompt)];
      let digits = '';
      for (let n = 0; n <= item.answer.length; n++) {
        const { rows } = await logitRows(ids);
        const next = argmax(Float32Array.from(rows[rows.length - 1]));
        if (tok.isSpecial(next) || !/^\d+$/.test(tok.decode([next]))) break;
        digits += tok.decode([next]);
        ids.push(next);
      }
      got.push(digits);
      if (digits === item.answer) correct++;
    }
    expect([a.n, a.correct, a.accuracy]).toEqual([3, correct, correct / 3]);
    expect(a.withCarry.n + a.withoutCarry.n).toBe(3);
    expect(a.misses.map((m) => m.got)).toEqual(got.filter((g, i) => g !== ADDITIONS[i].answer));
  });

  it('samples: one per fixed prompt, seeded, at most 48 new tokens; targets reported', async () => {
    const s = r.report!.samples;
    expect(s.items.map((x) => x.prompt)).toEqual(SAMPLE_PROMPTS);
    expect(s.settings).toEqual({ maxNew: 48, temperature: 0.8, topK: 40, topP: 1, seed: 1 });
    for (const x of s.items) expect(x.tokens).toBeLessThanOrEqual(48);
    expect(s.knownWordsFrom).toBe('the training text');
    expect(r.report!.targets.map((t) => t.name)).toHaveLength(5);
    const again = await runEval();
    expect(again.report!.samples.items).toEqual(s.items); // deterministic
  });

  it('--max-tokens scores only the first tokens, and the bytes they cover', async () => {
    const cut = await runEval('--max-tokens', '12');
    const v = cut.report!.validation;
    const ids = Array.from(encodeCorpus(VAL, tok)).slice(0, 12);
    const bytes = ids.slice(1).reduce((n, id) => n + (id === tok.specialTokens.eos ? 1 : tok.tokenBytes(id).length), 0);
    expect([v.usedTokens, v.scoredTokens, v.bytes]).toEqual([12, 11, bytes]);
  });
});

describe('validationPass in short windows', () => {
  const ids = Array.from(encodeCorpus(VAL, tok));

  it('disjoint windows of 8, batched 3 at a time (the last one shorter): each chunk scored on its own', async () => {
    const model = DeepseekV2Model.fromHostWeights(fx.config, fx.weights);
    const before = tf.memory().numTensors;
    const r = await validationPass(model, Int32Array.from(ids), tok, { window: 8, stride: 8, batch: 3 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    let nats = 0;
    for (let s = 0; s < ids.length - 1; s += 8) {
      const chunk = ids.slice(s, Math.min(s + 9, ids.length));
      const { rows } = await logitRows(chunk.slice(0, -1));
      chunk.slice(1).forEach((id, t) => {
        if (id !== tok.specialTokens.bos) nats -= logSoftmax(rows[t], id);
      });
    }
    expect((ids.length - 1) % 8).not.toBe(0); // the last window is shorter: its own forward
    expect(r.windows).toBe(Math.ceil((ids.length - 1) / 8));
    expect(r.tally.nats).toBeCloseTo(nats, 2);
    expect([r.tally.tokens, r.tally.bytes]).toEqual([ids.length - 3, Buffer.byteLength(VAL)]);
  });

  it('overlapping windows still score every target once and route every input once', async () => {
    const model = DeepseekV2Model.fromHostWeights(fx.config, fx.weights);
    const r = await validationPass(model, Int32Array.from(ids), tok, { window: 8, stride: 3, batch: 2 });
    model.dispose();
    expect([r.tally.tokens, r.tally.bytes]).toEqual([ids.length - 3, Buffer.byteLength(VAL)]);
    for (const l of r.load) expect(l.tokens).toBe(ids.length - 1);
  });
});

describe('npm run eval -- --card', () => {
  it('writes a full card, then regenerates only the marked sections of an edited one', async () => {
    const cardPath = join(fx.dir, 'README.md');
    rmSync(cardPath, { force: true });
    const first = await runEval('--card');
    expect(first.code, first.stderr).toBe(0);
    expect(first.report!.card).toBe(cardPath);
    const fresh = readFileSync(cardPath, 'utf8');
    for (const name of ['model', 'training', 'eval']) {
      expect(fresh).toContain(`<!-- ${name}:start -->`);
      expect(fresh).toContain(`<!-- ${name}:end -->`);
    }
    expect(fresh).toContain('## Limitations');
    expect(fresh).toContain(`${first.report!.validation.bitsPerByte.toFixed(3)} bits per byte`);

    const edited = fresh
      .replace('## Limitations', '## Limitations\n\nA hand-written note that must survive.')
      .replace(/<!-- eval:start -->[\s\S]*<!-- eval:end -->/, '<!-- eval:start -->\nstale numbers\n<!-- eval:end -->');
    writeFileSync(cardPath, 'Hand-written preface.\n\n' + edited);
    const second = await runEval('--card');
    expect(second.code, second.stderr).toBe(0);
    const card = readFileSync(cardPath, 'utf8');
    expect(card.startsWith('Hand-written preface.\n\n# TinySeek')).toBe(true);
    expect(card).toContain('A hand-written note that must survive.');
    expect(card).not.toContain('stale numbers');
    expect(card).toContain('### Two-digit addition (greedy)');
    // the generated sections are the same as the first time, apart from the measured time
    const noTime = (s: string) => s.replace(/in \d+ s\./, '').replace('Hand-written preface.\n\n', '');
    expect(noTime(card).replace('\n\nA hand-written note that must survive.', '')).toBe(noTime(fresh));
  });

  it('--baseline scores a dense MHA model the same way and writes the ablation section', async () => {
    const baseDir = join(root, 'dense-mha');
    const dense = parseConfig({ ...FIXTURE_CONFIG, attention_type: 'mha', n_routed_experts: null });
    const base = writeFixtureModel(baseDir, 9, dense);
    const r = await runEval('--card', '--baseline', baseDir);
    expect(r.code, r.stderr).toBe(0);
    // the same validation stream and window as the model's own score, and the same additions
    const model = DeepseekV2Model.fromHostWeights(dense, base.weights);
    const v = r.report!.validation;
    const stream = encodeCorpus(VAL, tok);
    const val = await validationPass(model, stream, tok, { window: v.window, stride: v.stride, batch: 8 });
    const adds = await additionPass(model, tok, ADDITIONS);
    model.dispose();
    expect(r.report!.baseline!.bitsPerByte).toBeCloseTo(bitsPerByte(val.tally), 10);
    expect(r.report!.baseline!.additionAccuracy).toBe(adds.filter((x) => x.correct).length / ADDITIONS.length);
    const card = readFileSync(join(fx.dir, 'README.md'), 'utf8');
    expect(card).toContain('<!-- ablation:start -->');
    expect(card).toContain(`**${r.report!.baseline!.bitsPerByte.toFixed(3)}**`);
    const { num_attention_heads: nh, qk_nope_head_dim: dh } = dense;
    const mla = FIXTURE_CONFIG.kv_lora_rank + FIXTURE_CONFIG.qk_rope_head_dim;
    expect(card).toContain(`| KV-cache values per token per layer | ${mla} | ${2 * nh * dh} |`);
  });

  it('bad input: one line on stderr, exit 1', async () => {
    const r = await evalMain(['--model', fx.dir, '--val', join(root, 'nope.txt')], {
      stdout: { write: () => expect.unreachable('stdout') },
      stderr: { write: (s: string) => expect(s).toMatch(/^eval: validation file not found: .*\n$/) },
    });
    expect(r).toBe(1);
  });
});
