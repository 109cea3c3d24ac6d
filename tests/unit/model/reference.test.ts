/**
 * The tfjs model against the independent float64 reference (tests/reference): logits to 1e-4
 * and the chosen experts exactly, over configs that cover every branch of the architecture.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { readTrace } from '../../../src/model/trace';
import { initWeights } from '../../../src/model/weights';
import { referenceForward } from '../../reference/deepseekV2Reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Larger weights than the default 0.02 so routing and attention are far from uniform. */
const base = { ...TINY_TEST, initializer_range: 0.2 };

const CONFIGS: [string, DeepseekV2Config][] = [
  ['q-LoRA, group_limited_greedy, first_k_dense_replace 1', parseConfig(base)],
  [
    'plain q_proj, greedy, norm_topk_prob, first_k_dense_replace 0',
    parseConfig({ ...base, q_lora_rank: null, topk_method: 'greedy', norm_topk_prob: true, first_k_dense_replace: 0 }),
  ],
  [
    'routed_scaling_factor 2.5, first_k_dense_replace 2, moe_layer_freq 2',
    parseConfig({
      ...base,
      num_hidden_layers: 4,
      routed_scaling_factor: 2.5,
      first_k_dense_replace: 2,
      moe_layer_freq: 2,
    }),
  ],
  [
    'group_limited_greedy with norm_topk_prob, no shared experts, tied embeddings',
    parseConfig({ ...base, norm_topk_prob: true, n_shared_experts: 0, tie_word_embeddings: true }),
  ],
  [
    'YaRN (mscale ≠ mscale_all_dim), v_head_dim ≠ qk_nope_head_dim',
    parseConfig({
      ...base,
      v_head_dim: 6,
      max_position_embeddings: 64,
      rope_scaling: {
        type: 'yarn',
        factor: 4,
        original_max_position_embeddings: 16,
        beta_fast: 32,
        beta_slow: 1,
        mscale: 1,
        mscale_all_dim: 0.8,
      },
    }),
  ],
  [
    'the MHA baseline (attention_type mha), every layer dense',
    parseConfig({ ...base, attention_type: 'mha', n_routed_experts: null }),
  ],
  ['the MHA baseline with DeepSeekMoE', parseConfig({ ...base, attention_type: 'mha' })],
];

function randomIds(rng: Rng, V: number, T: number): number[] {
  return Array.from({ length: T }, () => rng.int(V));
}

describe.each(CONFIGS)('forward vs float64 reference: %s', (_name, c) => {
  it('logits to 1e-4 and the same experts, for each sequence of a batch, on both attention paths', async () => {
    const w = initWeights(c, 11);
    const model = DeepseekV2Model.fromHostWeights(c, w);
    const rng = new Rng(12);
    const T = c.rope_scaling ? 40 : 12;
    const batch = [randomIds(rng, c.vocab_size, T), randomIds(rng, c.vocab_size, T)];
    for (const path of ['naive', 'absorbed'] as const) {
      const out = model.forward(batch, { attention: path });
      expect(out.logits.shape).toEqual([2, T, c.vocab_size]);
      const logits = (await out.logits.array()) as number[][][];
      const masks = await Promise.all(out.routers.map((r) => r.router.mask.array()));
      batch.forEach((ids, b) => {
        const ref = referenceForward(c, w, ids);
        let maxDiff = 0;
        ref.logits.forEach((row, t) =>
          row.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - logits[b][t][i])))),
        );
        expect(maxDiff).toBeLessThan(1e-4);
        expect(out.routers.map((r) => r.layer)).toEqual(ref.routing.map((r) => r.layer));
        ref.routing.forEach((r, i) => {
          const chosen = masks[i].slice(b * T, (b + 1) * T).map((m) => m.flatMap((v, e) => (v > 0 ? [e] : [])));
          expect(chosen).toEqual(r.experts);
        });
      });
      disposeForwardResult(out);
    }
    model.dispose();
  });

  it('the trace matches the reference attention and routing', async () => {
    const w = initWeights(c, 21);
    const model = DeepseekV2Model.fromHostWeights(c, w);
    const ids = randomIds(new Rng(22), c.vocab_size, 6);
    const ref = referenceForward(c, w, ids);
    const out = model.forward([ids], { record: true, compareAttention: true });
    const trace = await readTrace(c, out.trace!);
    out.trace = null;
    disposeForwardResult(out);
    const H = c.num_attention_heads;
    // the MHA baseline records no attention internals (the views are for MLA)
    expect(trace.attention).toHaveLength(c.attention_type === 'mha' ? 0 : c.num_hidden_layers);
    for (const a of trace.attention) {
      const r = ref.attention[a.layer];
      expect(a.probs.shape).toEqual([1, H, 6, 6]);
      expect(a.pathDiff).toBeLessThan(1e-5);
      for (let h = 0; h < H; h++) {
        for (let t = 0; t < 6; t++) {
          for (let j = 0; j <= t; j++) {
            const k = (h * 6 + t) * 6 + j;
            expect(a.probs.data[k]).toBeCloseTo(r.probs[h][t][j], 5);
            expect(a.nopeLogits.data[k]).toBeCloseTo(r.nopeLogits[h][t][j], 4);
            expect(a.ropeLogits.data[k]).toBeCloseTo(r.ropeLogits[h][t][j], 4);
          }
        }
      }
    }
    expect(trace.moe.map((m) => m.layer)).toEqual(ref.routing.map((r) => r.layer));
    trace.moe.forEach((m, i) => {
      const r = ref.routing[i];
      expect(m.experts.map((e) => [...e].sort((x, y) => x - y))).toEqual(r.experts);
      m.experts.forEach((ids2, t) =>
        ids2.forEach((e, n) => expect(m.gates[t][n]).toBeCloseTo(r.weights[t][r.experts[t].indexOf(e)], 5)),
      );
      m.probs.forEach((row) => expect(row).toHaveLength(c.n_routed_experts!));
    });
    expect(trace.tokens).toEqual([ids]);
    model.dispose();
  });
});
