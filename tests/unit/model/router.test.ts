import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { TINY_SPEC, TINY_TEST } from '../../../src/model/presets';
import { disposeRouterOutput, route, type RouteOptions } from '../../../src/model/router';
import { routeToken } from '../../reference/deepseekV2Reference';
import { normals, randomMatrix } from '../randomData';

/** Float64 host reference of the router (docs/model.md#router), with the same interventions. */
function refRoute(x: number[][], w: number[][], c: DeepseekV2Config, o: RouteOptions = {}) {
  const nr = c.n_routed_experts!;
  const g = c.n_group;
  const per = nr / g;
  const k = Math.min(nr, o.topK ?? c.num_experts_per_tok);
  const m = Math.min(g, o.topkGroup ?? c.topk_group);
  const disabled = new Set(o.disabledExperts ?? []);
  const byDesc = (s: number[]) => s.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return x.map((row) => {
    const logits = w[0].map((_, e) => row.reduce((acc, xv, d) => acc + xv * w[d][e], 0));
    const mx = Math.max(...logits);
    const ex = logits.map((l) => Math.exp(l - mx));
    const z = ex.reduce((a, b) => a + b, 0);
    const probs = ex.map((v) => v / z);
    const sel = probs.map((p, e) => (disabled.has(e) ? 0 : p));
    let groupOk: boolean[] | null = null;
    if (c.topk_method === 'group_limited_greedy') {
      const scores = Array.from({ length: g }, (_, j) => Math.max(...sel.slice(j * per, (j + 1) * per)));
      const top = new Set(
        byDesc(scores)
          .slice(0, m)
          .filter(([v]) => v > 0)
          .map(([, j]) => j),
      );
      groupOk = scores.map((_, j) => top.has(j));
    }
    const allowed = sel.map((_, e) => (groupOk ? groupOk[Math.floor(e / per)] : true) && !disabled.has(e));
    const chosen = byDesc(sel.map((s, e) => (allowed[e] ? s : -1)))
      .slice(0, k)
      .filter(([v]) => v >= 0)
      .map(([, e]) => e);
    const mask = probs.map((_, e) => (chosen.includes(e) ? 1 : 0));
    const raw = probs.map((p, e) => p * mask[e]);
    const sum = raw.reduce((a, b) => a + b, 0);
    const gates = raw.map((v) => (c.norm_topk_prob && k > 1 ? v / (sum + 1e-20) : v * c.routed_scaling_factor));
    const used = (j: number) => mask.slice(j * per, (j + 1) * per).some((v) => v > 0);
    const groupMask = Array.from({ length: g }, (_, j) => Number(groupOk ? groupOk[j] : used(j)));
    return { probs, mask, gates, groupMask };
  });
}

async function runRoute(x: number[][], w: number[][], c: DeepseekV2Config, o: RouteOptions = {}) {
  const r = route(tf.tensor2d(w), tf.tensor2d(x), c, o);
  const out = {
    probs: (await r.probs.array()) as number[][],
    mask: (await r.mask.array()) as number[][],
    gates: (await r.gates.array()) as number[][],
    groupMask: (await r.groupMask.array()) as number[][],
  };
  disposeRouterOutput(r);
  return out;
}

function expectClose(a: number[][], b: number[][], tol: number) {
  const err = Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));
  expect(err).toBeLessThan(tol);
}

const variants: Array<[string, DeepseekV2Config]> = [
  ['greedy', parseConfig({ ...TINY_TEST, topk_method: 'greedy' })],
  ['group-limited', TINY_TEST],
  ['group-limited, norm_topk_prob', parseConfig({ ...TINY_TEST, norm_topk_prob: true })],
  ['greedy, norm_topk_prob', parseConfig({ ...TINY_TEST, topk_method: 'greedy', norm_topk_prob: true })],
  ['group-limited, scaling 2.5', parseConfig({ ...TINY_TEST, routed_scaling_factor: 2.5 })],
  ['greedy, one group (V2-Lite)', parseConfig({ ...TINY_TEST, topk_method: 'greedy', n_group: 1, topk_group: 1 })],
];

const interventions: Array<[string, RouteOptions]> = [
  ['defaults', {}],
  ['topK 5', { topK: 5 }],
  ['disabled 1, 2, 6', { disabledExperts: [1, 2, 6] }],
  ['topK 1, topkGroup 1, disabled 0', { topK: 1, topkGroup: 1, disabledExperts: [0] }],
];

describe('route matches a float64 host reference', () => {
  beforeAll(() => tf.setBackend('cpu'));
  const d = TINY_TEST.hidden_size;
  const nr = TINY_TEST.n_routed_experts!;
  for (const [name, c] of variants) {
    for (const [what, o] of interventions) {
      it(`${name}: ${what}`, async () => {
        const next = normals(name.length * 97 + what.length);
        const x = randomMatrix(48, d, next);
        const w = randomMatrix(d, nr, next, 0.5);
        const got = await runRoute(x, w, c, o);
        const ref = refRoute(x, w, c, o);
        expectClose(
          got.probs,
          ref.map((r) => r.probs),
          1e-6,
        );
        expect(got.mask).toEqual(ref.map((r) => r.mask));
        expect(got.groupMask).toEqual(ref.map((r) => r.groupMask));
        expectClose(
          got.gates,
          ref.map((r) => r.gates),
          1e-5,
        );
      });
    }
  }
});

describe('route agrees with the shared float64 reference (tests/reference)', () => {
  beforeAll(() => tf.setBackend('cpu'));
  for (const [name, c] of variants) {
    it(name, async () => {
      const next = normals(name.length * 13);
      const x = randomMatrix(32, c.hidden_size, next);
      const w = randomMatrix(c.hidden_size, c.n_routed_experts!, next, 0.5);
      const got = await runRoute(x, w, c);
      got.probs.forEach((s, t) => {
        const r = routeToken(c, s);
        const experts = got.mask[t].flatMap((v, e) => (v ? [e] : []));
        expect(experts).toEqual([...r.experts].sort((a, b) => a - b));
        expect(got.groupMask[t].flatMap((v, j) => (v ? [j] : []))).toEqual(r.groups);
        r.experts.forEach((e, i) => expect(got.gates[t][e]).toBeCloseTo(r.weights[i], 6));
      });
    });
  }
});

describe('group-limited greedy', () => {
  beforeAll(() => tf.setBackend('cpu'));
  const c = TINY_SPEC;
  const per = c.n_routed_experts! / c.n_group;
  const cases: Array<[string, RouteOptions]> = [
    ['defaults', {}],
    ['topK 8 (every slot of 2 groups)', { topK: 8 }],
    ['topK 12 (more than 2 groups hold)', { topK: 12 }],
    ['disabled experts', { disabledExperts: [0, 5, 6, 7, 13] }],
  ];
  for (const [name, o] of cases) {
    it(`never uses more than topk_group groups over 2000 random tokens: ${name}`, async () => {
      const next = normals(7 + name.length);
      const x = tf.tensor2d(randomMatrix(2000, c.hidden_size, next));
      const w = tf.tensor2d(randomMatrix(c.hidden_size, c.n_routed_experts!, next, 0.3));
      const r = route(w, x, c, o);
      const mask = (await r.mask.array()) as number[][];
      const groupMask = (await r.groupMask.array()) as number[][];
      disposeRouterOutput(r);
      tf.dispose([x, w]);
      const k = Math.min(o.topK ?? c.num_experts_per_tok, c.topk_group * per);
      for (let t = 0; t < mask.length; t++) {
        const experts = mask[t].flatMap((v, e) => (v ? [e] : []));
        const groups = new Set(experts.map((e) => Math.floor(e / per)));
        expect(groups.size).toBeLessThanOrEqual(c.topk_group);
        for (const gi of groups) expect(groupMask[t][gi]).toBe(1);
        expect(groupMask[t].reduce((a, b) => a + b, 0)).toBe(c.topk_group);
        for (const e of o.disabledExperts ?? []) expect(mask[t][e]).toBe(0);
        if (!o.disabledExperts) expect(experts.length).toBe(k);
      }
    });
  }
});

describe('route on the wasm backend', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterAll(() => tf.setBackend('cpu'));
  it('matches the host reference (group-limited, disabled expert, norm_topk_prob)', async () => {
    const c = parseConfig({ ...TINY_TEST, norm_topk_prob: true });
    const next = normals(11);
    const x = randomMatrix(32, c.hidden_size, next);
    const w = randomMatrix(c.hidden_size, c.n_routed_experts!, next, 0.5);
    const o = { disabledExperts: [3] };
    const got = await runRoute(x, w, c, o);
    const ref = refRoute(x, w, c, o);
    expect(got.mask).toEqual(ref.map((r) => r.mask));
    expectClose(
      got.gates,
      ref.map((r) => r.gates),
      1e-5,
    );
  });
});

describe('route bookkeeping', () => {
  beforeAll(() => tf.setBackend('cpu'));
  it('leaves no tensors behind once the output is disposed', () => {
    const next = normals(3);
    const x = tf.tensor2d(randomMatrix(8, 32, next));
    const w = tf.tensor2d(randomMatrix(32, 8, next));
    const before = tf.memory().numTensors;
    disposeRouterOutput(route(w, x, TINY_TEST, { topK: 2, disabledExperts: [4] }));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
  it('reports the K and M it used, and rejects unknown experts', () => {
    const x = tf.zeros([2, 32]) as tf.Tensor2D;
    const w = tf.zeros([32, 8]) as tf.Tensor2D;
    const r = route(w, x, TINY_TEST, { topK: 99, topkGroup: 1 });
    expect([r.k, r.topkGroup]).toEqual([2, 1]);
    disposeRouterOutput(r);
    expect(() => route(w, x, TINY_TEST, { disabledExperts: [8] })).toThrow(/no expert 8/);
    tf.dispose([x, w]);
  });
});
