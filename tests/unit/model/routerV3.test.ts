/**
 * DeepSeek-V3 routing (noaux_tc, docs/model.md#deepseek-v3-routing): hand-computed cases where
 * the selection bias changes which experts are chosen but not their gate weights, checked against
 * both the tfjs router and the float64 reference; then the whole V3 model against the reference
 * (logits to 1e-4, the same experts, the trace's gates, scoring and bias).
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { Rng } from '../../../src/model/rng';
import { disposeRouterOutput, route } from '../../../src/model/router';
import { readTrace } from '../../../src/model/trace';
import { initWeights, type HostWeights } from '../../../src/model/weights';
import { layersPerToken, type TokenRecord } from '../../../src/session/records';
import { routingScoring } from '../../../src/viz/routing/routingLayout';
import { referenceForward, routeToken } from '../../reference/deepseekV2Reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A V3 config over TINY_TEST's shapes with the given routing fields. */
function v3(fields: Record<string, unknown>): DeepseekV2Config {
  return parseConfig({
    ...TINY_TEST,
    model_type: 'deepseek_v3',
    topk_method: 'noaux_tc',
    scoring_func: 'sigmoid',
    norm_topk_prob: true,
    ...fields,
  });
}

/** Routes one token whose sigmoid scores are exactly `s` (x = [1], gate column i = logit(s_i)). */
async function routeScores(c: DeepseekV2Config, s: number[], bias: number[] | null) {
  const gateW = tf.tensor2d([s.map((p) => Math.log(p / (1 - p)))]); // [1, Nr]
  const x = tf.tensor2d([[1]]); // [1, 1]
  const b = bias ? tf.tensor1d(bias) : null;
  const r = route(gateW, x, c, {}, b);
  const mask = (await r.mask.array())[0];
  const gates = (await r.gates.array())[0];
  const groups = (await r.groupMask.array())[0];
  disposeRouterOutput(r);
  tf.dispose([gateW, x, ...(b ? [b] : [])]);
  return {
    experts: mask.flatMap((v, e) => (v > 0 ? [e] : [])),
    weights: mask.flatMap((v, e) => (v > 0 ? [gates[e]] : [])),
    groups: groups.flatMap((v, g) => (v > 0 ? [g] : [])),
    scoring: r.scoring,
  };
}

const small = (fields: Record<string, unknown>) =>
  v3({ n_routed_experts: 4, num_experts_per_tok: 2, n_group: 2, topk_group: 1, ...fields });

describe('DeepSeek-V3 router, by hand', () => {
  it('a bias moves the choice to the other group; the gates stay the unbiased scores, normalised, × 2', async () => {
    const c = small({ norm_topk_prob: true, routed_scaling_factor: 2 });
    const s = [0.9, 0.8, 0.7, 0.1];
    // no bias: group sums 0.9+0.8 = 1.7 > 0.7+0.1 = 0.8 → group 0, experts 0 and 1
    const plain = { experts: [0, 1], weights: [(0.9 / 1.7) * 2, (0.8 / 1.7) * 2], groups: [0] };
    // bias [0, 0, 0.5, 0.6]: s + b = [0.9, 0.8, 1.2, 0.7] → sums 1.7 < 1.9 → group 1, experts 2 and 3,
    // gates from s alone: 0.7/0.8·2 = 1.75 and 0.1/0.8·2 = 0.25
    const biased = { experts: [2, 3], weights: [1.75, 0.25], groups: [1] };
    for (const [bias, want] of [
      [null, plain],
      [[0, 0, 0.5, 0.6], biased],
    ] as const) {
      const got = await routeScores(c, s, bias ? [...bias] : null);
      expect(got.experts).toEqual(want.experts);
      expect(got.groups).toEqual(want.groups);
      got.weights.forEach((g, i) => expect(g).toBeCloseTo(want.weights[i], 5));
      expect(got.scoring).toBe('sigmoid');
      const ref = routeToken(c, s, bias ?? [0, 0, 0, 0]);
      expect(ref.experts).toEqual(want.experts);
      expect(ref.groups).toEqual(want.groups);
      ref.weights.forEach((g, i) => expect(g).toBeCloseTo(want.weights[i], 12));
    }
  });

  it('a negative bias drops an expert inside one group; without norm_topk_prob the gates are s × 2.5', async () => {
    const c = small({ n_group: 1, topk_group: 1, norm_topk_prob: false, routed_scaling_factor: 2.5 });
    const s = [0.6, 0.5, 0.4, 0.3];
    // s + b = [0.3, 0.5, 0.4, 0.3] → experts 1 and 2; gates 0.5·2.5 and 0.4·2.5 (not the biased 0.5, 0.4 − …)
    for (const got of [await routeScores(c, s, [-0.3, 0, 0, 0]), routeToken(c, s, [-0.3, 0, 0, 0])]) {
      expect(got.experts).toEqual([1, 2]);
      got.weights.forEach((g, i) => expect(g).toBeCloseTo([1.25, 1.0][i], 5));
    }
  });

  it('ranks groups by the sum of their two best scores, not the best one (V2 would keep group 0)', async () => {
    const c = small({ num_experts_per_tok: 1, norm_topk_prob: true, routed_scaling_factor: 1 });
    const s = [0.9, 0.1, 0.6, 0.55];
    // top-2 sums: 1.0 vs 1.15 → group 1; its best expert is 2; K = 1 is not renormalised: gate 0.6
    for (const got of [await routeScores(c, s, null), routeToken(c, s, [0, 0, 0, 0])]) {
      expect(got.experts).toEqual([2]);
      expect(got.groups).toEqual([1]);
      expect(got.weights[0]).toBeCloseTo(0.6, 5);
    }
  });
});

/** initWeights leaves the bias at 0; give it seeded values of the scores' size so it changes choices. */
function withBias(c: DeepseekV2Config, w: HostWeights, seed: number): HostWeights {
  const rng = new Rng(seed);
  for (const [name, t] of w) {
    if (name.endsWith('e_score_correction_bias'))
      for (let i = 0; i < t.data.length; i++) t.data[i] = 0.3 * rng.normal();
  }
  expect([...w.keys()].filter((n) => n.endsWith('e_score_correction_bias'))).toHaveLength(
    c.num_hidden_layers - c.first_k_dense_replace,
  );
  return w;
}

const CONFIGS: [string, DeepseekV2Config][] = [
  [
    'noaux_tc, 4 groups keep 2, norm_topk_prob, scaling 2.5',
    v3({ initializer_range: 0.2, n_group: 4, topk_group: 2, routed_scaling_factor: 2.5 }),
  ],
  [
    'noaux_tc, 1 group, no norm_topk_prob, no shared experts',
    v3({ initializer_range: 0.2, n_group: 1, topk_group: 1, norm_topk_prob: false, n_shared_experts: 0 }),
  ],
];

describe.each(CONFIGS)('V3 forward vs the float64 reference: %s', (_name, c) => {
  it('logits to 1e-4, the same experts, and a trace that says sigmoid and carries the bias', async () => {
    const w = withBias(c, initWeights(c, 31), 32);
    const model = DeepseekV2Model.fromHostWeights(c, w);
    const rng = new Rng(33);
    const ids = Array.from({ length: 12 }, () => rng.int(c.vocab_size));
    const ref = referenceForward(c, w, ids);
    const out = model.forward([ids], { record: true });
    const logits = ((await out.logits.array()) as number[][][])[0];
    const trace = await readTrace(c, out.trace!);
    out.trace = null;
    disposeForwardResult(out);
    model.dispose();
    // the token records carry the scoring and the bias, and the routing view reads them back
    const records = layersPerToken(trace).map((layers) => ({ layers }) as unknown as TokenRecord);
    for (const m of trace.moe) {
      const seen = routingScoring(records, m.layer);
      expect(seen.scoring).toBe('sigmoid');
      seen.bias!.forEach((b, e) => expect(b).toBeCloseTo(m.bias![e], 4));
    }
    let maxDiff = 0;
    ref.logits.forEach((row, t) => row.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - logits[t][i])))));
    expect(maxDiff).toBeLessThan(1e-4);
    // the bias changed some choice: routing the reference without it differs somewhere
    const noBias = ref.routing.some((r) =>
      r.probs.some((s, t) => routeToken(c, s).experts.join() !== r.experts[t].join()),
    );
    expect(noBias).toBe(true);
    expect(trace.moe.map((m) => m.layer)).toEqual(ref.routing.map((r) => r.layer));
    trace.moe.forEach((m, i) => {
      const r = ref.routing[i];
      expect(m.scoring).toBe('sigmoid');
      const bias = w.get(`model.layers.${m.layer}.mlp.gate.e_score_correction_bias`)!.data;
      m.bias!.forEach((b, e) => expect(b).toBeCloseTo(bias[e], 6));
      expect(m.experts.map((e) => [...e].sort((x, y) => x - y))).toEqual(r.experts);
      m.experts.forEach((es, t) =>
        es.forEach((e, n) => expect(m.gates[t][n]).toBeCloseTo(r.weights[t][r.experts[t].indexOf(e)], 5)),
      );
      m.probs.forEach((row, t) => row.forEach((p, e) => expect(p).toBeCloseTo(r.probs[t][e], 5)));
    });
  });
});

describe('a V2 model records softmax and no bias', () => {
  it('the trace and the records say softmax; the routing view shows no bias', async () => {
    const c = parseConfig({ ...TINY_TEST, initializer_range: 0.2 });
    const model = DeepseekV2Model.fromHostWeights(c, initWeights(c, 41));
    const out = model.forward([[1, 2, 3]], { record: true });
    const trace = await readTrace(c, out.trace!);
    out.trace = null;
    disposeForwardResult(out);
    model.dispose();
    expect(trace.moe.every((m) => m.scoring === 'softmax' && m.bias === null)).toBe(true);
    const records = layersPerToken(trace).map((layers) => ({ layers }) as unknown as TokenRecord);
    expect(records[0].layers[1].routing).not.toHaveProperty('bias');
    expect(routingScoring(records, 1)).toEqual({ scoring: 'softmax', bias: null });
  });
});
