/**
 * The model passes of `npm run eval` (tfjs, no file system): scoring the validation stream in
 * sliding windows (per-token NLL and per-expert routed load in one forward per batch), greedy
 * two-digit additions, and seeded samples. The arithmetic on the numbers read back lives in
 * evaluate.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { generate } from '../model/generate';
import type { DeepseekV2Model } from '../model/model';
import type { SamplingOptions } from '../model/sampling';
import { tidyObject } from '../model/tidy';
import type { BpeTokenizer } from '../model/tokenizer';
import {
  addTargets,
  emptyTally,
  expertLoad,
  scoreAddition,
  scoringWindows,
  targetBytes,
  type AdditionItem,
  type AdditionResult,
  type ExpertLoad,
  type NllTally,
  type Sample,
  type SampleSettings,
  type ScoringWindow,
} from './evaluate';

/**
 * −ln softmax(logits)[target] per position, in nats: logits [N, V], targets [N] int32 → [N].
 * A stable log-sum-exp and a one-hot pick (as lmLoss does), so wasm and cpu agree.
 */
export function tokenNll(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const V = logits.shape[1];
    const z = tf.sub(logits, tf.max(logits, 1, true)); // [N, V]  ≤ 0
    const lse = tf.log(tf.sum(tf.exp(z), 1)); // [N]
    const oneHot = tf.cast(tf.oneHot(tf.cast(targets, 'int32'), V), 'float32'); // [N, V]
    return tf.sub(lse, tf.sum(tf.mul(z, oneHot), 1)) as tf.Tensor1D; // [N]
  });
}

export interface ValidationOptions {
  /** inputs per window (at most the trained sequence length). */
  window: number;
  /** new targets scored per window after the first. */
  stride: number;
  /** windows per forward pass. */
  batch: number;
}

export interface ValidationResult {
  /** NLL and bytes of the scored targets (bos targets are skipped, see targetBytes). */
  tally: NllTally;
  /** per MoE layer, over the scored input positions (every stream token but the last, once). */
  load: ExpertLoad[];
  windows: number;
}

/** Consecutive windows of equal length, at most `batch` per group, so each group is one [B, L] forward. */
function batches(ws: ScoringWindow[], batch: number): ScoringWindow[][] {
  const out: ScoringWindow[][] = [];
  for (const w of ws) {
    const last = out[out.length - 1];
    if (last && last.length < batch && last[0].length === w.length) last.push(w);
    else out.push([w]);
  }
  return out;
}

/** Scores every target of `stream` once and counts, per MoE layer, the tokens routed to each expert. */
export async function validationPass(
  model: DeepseekV2Model,
  stream: Int32Array,
  tok: BpeTokenizer,
  o: ValidationOptions,
): Promise<ValidationResult> {
  const c = model.config;
  const windows = scoringWindows(stream.length, o.window, o.stride);
  const tally = emptyTally();
  const counts = new Map<number, Float64Array>(); // layer → tokens per expert [Nr]
  let routed = 0;
  const bytesOf = (id: number) => targetBytes(tok, id);
  for (const group of batches(windows, o.batch)) {
    const B = group.length;
    const L = group[0].length;
    const inputs = new Int32Array(B * L);
    const targets = new Int32Array(B * L);
    const scored = new Float32Array(B * L); // 1 where the target is scored in this window
    group.forEach((w, b) => {
      inputs.set(stream.subarray(w.start, w.start + L), b * L);
      targets.set(stream.subarray(w.start + 1, w.start + 1 + L), b * L);
      scored.fill(1, b * L + w.skip, (b + 1) * L);
      routed += L - w.skip;
    });
    const out = tidyObject(() => {
      const f = model.forward(tf.tensor2d(inputs, [B, L], 'int32')); // logits [B, L, V]
      const nll = tokenNll(tf.reshape(f.logits, [B * L, c.vocab_size]), tf.tensor1d(targets, 'int32')); // [B·L]
      const w = tf.tensor2d(scored, [B * L, 1]); // [B·L, 1]
      const perExpert = f.routers.map((r) => tf.sum(tf.mul(r.router.mask, w), 0)); // each [Nr]
      return { nll, perExpert, layers: f.routers.map((r) => r.layer) };
    });
    const nll = await out.nll.data();
    const perExpert = await Promise.all(out.perExpert.map((t) => t.data()));
    tf.dispose([out.nll, ...out.perExpert]);
    group.forEach((w, b) => {
      const from = b * L + w.skip;
      const to = (b + 1) * L;
      addTargets(tally, nll.subarray(from, to), targets.subarray(from, to), bytesOf);
    });
    out.layers.forEach((layer, i) => {
      const acc = counts.get(layer) ?? new Float64Array(perExpert[i].length);
      perExpert[i].forEach((n, e) => (acc[e] += n));
      counts.set(layer, acc);
    });
  }
  const load = [...counts].map(([layer, n]) => expertLoad(layer, n, routed, c.num_experts_per_tok));
  return { tally, load, windows: windows.length };
}

/** bos (when the tokenizer has one) followed by the prompt's tokens, as every training line starts. */
export function promptIds(tok: BpeTokenizer, prompt: string): number[] {
  const { bos } = tok.specialTokens;
  return [...(bos === undefined ? [] : [bos]), ...tok.encode(prompt)];
}

const GREEDY: SamplingOptions = { temperature: 0, topK: 0, topP: 1 };

/**
 * Greedy continuation of each `a+b=` prompt until a special token, a token that is not all
 * digits, or answer length + 1 tokens (enough to see whether the model stops after the answer);
 * exact match of the digits produced.
 */
export async function additionPass(
  model: DeepseekV2Model,
  tok: BpeTokenizer,
  items: readonly AdditionItem[],
): Promise<AdditionResult[]> {
  const out: AdditionResult[] = [];
  for (const item of items) {
    const ids: number[] = [];
    const opts = { maxNew: item.answer.length + 1, sampling: GREEDY, seed: 0 };
    for await (const t of generate(model, promptIds(tok, item.prompt), opts)) {
      if (tok.isSpecial(t.token)) break;
      ids.push(t.token);
      if (!/^\d+$/.test(tok.decode([t.token]))) break;
    }
    out.push(scoreAddition(item, tok.decode(ids)));
  }
  return out;
}

/** One seeded sample per prompt (each from the same seed), stopping at eos. */
export async function samplePass(
  model: DeepseekV2Model,
  tok: BpeTokenizer,
  prompts: readonly string[],
  o: SampleSettings,
): Promise<Sample[]> {
  const out: Sample[] = [];
  const sampling = { temperature: o.temperature, topK: o.topK, topP: o.topP };
  const opts = { maxNew: o.maxNew, sampling, seed: o.seed, stopTokens: [tok.specialTokens.eos] };
  for (const prompt of prompts) {
    const ids: number[] = [];
    let tokens = 0;
    for await (const t of generate(model, promptIds(tok, prompt), opts)) {
      tokens++;
      if (!tok.isSpecial(t.token)) ids.push(t.token);
    }
    out.push({ prompt, text: tok.decode(ids), tokens });
  }
  return out;
}
