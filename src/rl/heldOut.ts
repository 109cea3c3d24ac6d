/**
 * What GRPO is measured by, on fixed sets: greedy accuracy on held-out sums (the same pass as
 * `npm run eval`) and the routed load of each MoE layer's experts on fixed probe lines, so the
 * views can set the load after RL beside the load before.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Model } from '../model/model';
import type { BpeTokenizer } from '../model/tokenizer';
import { additionPass } from '../train/evalPasses';
import { additionSummary, expertLoad, type AdditionItem, type ExpertLoad } from '../train/evaluate';
import { promptTokens } from './sample';
import { STORY_OPENINGS } from './tasks';

export interface HeldOutResult {
  /** correct / n. */
  accuracy: number;
  correct: number;
  n: number;
}

/** Greedy exact-match accuracy on `items` (additionPass of npm run eval). */
export async function heldOutAccuracy(
  model: DeepseekV2Model,
  tok: BpeTokenizer,
  items: readonly AdditionItem[],
): Promise<HeldOutResult> {
  const s = additionSummary(await additionPass(model, tok, items));
  return { accuracy: s.accuracy, correct: s.correct, n: s.n };
}

/** Probe lines: the first `sums` held-out sums written out in full, and the story openings. */
export function probeLines(items: readonly AdditionItem[], sums = 50): string[] {
  return [...items.slice(0, sums).map((x) => `${x.prompt}${x.answer}`), ...STORY_OPENINGS];
}

/**
 * Per MoE layer, the share of the probe tokens routed to each expert against the fair share K/Nr.
 * One forward over every line, right-padded (the model is causal, so padding changes no real
 * token's routing) and masked out of the counts.
 */
export async function probeExpertLoad(
  model: DeepseekV2Model,
  tok: BpeTokenizer,
  lines: readonly string[],
): Promise<ExpertLoad[]> {
  const rows = lines.map((line) => promptTokens(tok, line));
  const L = Math.max(...rows.map((r) => r.length));
  const pad = tok.specialTokens.eos;
  const ids = rows.map((r) => [...r, ...new Array<number>(L - r.length).fill(pad)]);
  const real = new Float32Array(rows.length * L); // 1 on real tokens, row-major like the router rows
  rows.forEach((r, b) => real.fill(1, b * L, b * L + r.length));
  const sums = tf.tidy(() => {
    const out = model.forward(ids);
    const w = tf.tensor2d(real, [rows.length * L, 1]); // [B·L, 1]
    return out.routers.map((r) => ({ layer: r.layer, perExpert: tf.sum(tf.mul(r.router.mask, w), 0) })); // each [Nr]
  });
  const data = await Promise.all(sums.map((x) => x.perExpert.data()));
  tf.dispose(sums.map((x) => x.perExpert));
  const tokens = rows.reduce((n, r) => n + r.length, 0);
  return sums.map(({ layer }, i) => expertLoad(layer, data[i], tokens, model.config.num_experts_per_tok));
}
