import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { mlp } from '../../../src/model/mlp';
import {
  disposeMoeOutput,
  moe,
  planDrops,
  readMoeTrace,
  type MoeOptions,
  type MoeParams,
} from '../../../src/model/moe';
import { TINY_TEST } from '../../../src/model/presets';
import { balanceLosses, expertBalance, totalAux } from '../../../src/train/balanceLosses';
import { normals, randomMatrix } from '../randomData';

type M = number[][];

interface HostMlp {
  gateProj: M;
  upProj: M;
  downProj: M;
}
interface Host {
  gate: M;
  experts: HostMlp;
  shared: HostMlp | null;
}

function hostParams(c: DeepseekV2Config, seed: number): Host {
  const next = normals(seed);
  const [d, nr, ffe] = [c.hidden_size, c.n_routed_experts!, c.moe_intermediate_size];
  const mk = (ff: number): HostMlp => ({
    gateProj: randomMatrix(d, ff, next, d ** -0.5),
    upProj: randomMatrix(d, ff, next, d ** -0.5),
    downProj: randomMatrix(ff, d, next, ff ** -0.5),
  });
  return {
    gate: randomMatrix(d, nr, next, 0.5),
    experts: mk(nr * ffe),
    shared: c.n_shared_experts ? mk(2 * ffe) : null,
  };
}

const toTf = (h: Host): MoeParams => {
  const m = (p: HostMlp) => ({
    gateProj: tf.tensor2d(p.gateProj),
    upProj: tf.tensor2d(p.upProj),
    downProj: tf.tensor2d(p.downProj),
  });
  return { gate: tf.tensor2d(h.gate), experts: m(h.experts), sharedExperts: h.shared ? m(h.shared) : null };
};

/** Float64 SwiGLU on hidden units [lo, hi) of a (stacked) host MLP. */
function swiglu(p: HostMlp, x: number[], lo = 0, hi = p.gateProj[0].length): number[] {
  const y = new Array<number>(p.downProj[0].length).fill(0);
  for (let j = lo; j < hi; j++) {
    let g = 0;
    let u = 0;
    x.forEach((xv, i) => ((g += xv * p.gateProj[i][j]), (u += xv * p.upProj[i][j])));
    const h = (g / (1 + Math.exp(-g))) * u;
    y.forEach((_, o) => (y[o] += h * p.downProj[j][o]));
  }
  return y;
}

/** Hugging Face's loop: for each expert that was hit, run it on its tokens and add gate × output. */
function hfMoe(c: DeepseekV2Config, h: Host, x: M, gates: M, useShared = true): M {
  const ffe = c.moe_intermediate_size;
  const y = x.map((row) => (h.shared && useShared ? swiglu(h.shared, row) : row.map(() => 0)));
  for (let e = 0; e < c.n_routed_experts!; e++) {
    x.forEach((row, t) => {
      if (gates[t][e] === 0) return;
      const ye = swiglu(h.experts, row, e * ffe, (e + 1) * ffe);
      ye.forEach((v, o) => (y[t][o] += gates[t][e] * v));
    });
  }
  return y;
}

const maxErr = (a: M, b: M) => Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i][j]))));
const disposeParams = (p: MoeParams) =>
  tf.dispose([p.gate, ...Object.values(p.experts), ...(p.sharedExperts ? Object.values(p.sharedExperts) : [])]);

async function checkAgainstHf(c: DeepseekV2Config, opts: MoeOptions, seed: number) {
  const h = hostParams(c, seed);
  const x = randomMatrix(24, c.hidden_size, normals(seed + 1));
  const p = toTf(h);
  const xt = tf.tensor2d(x);
  const out = moe(p, xt, c, opts);
  const gates = (await out.router.gates.array()) as M;
  expect(maxErr((await out.y.array()) as M, hfMoe(c, h, x, gates, !opts.disableShared))).toBeLessThan(1e-5);
  disposeMoeOutput(out);
  disposeParams(p);
  xt.dispose();
}

describe('mlp', () => {
  beforeAll(() => tf.setBackend('cpu'));
  it('equals a float64 SwiGLU', async () => {
    const h = hostParams(TINY_TEST, 5).shared!;
    const x = randomMatrix(6, TINY_TEST.hidden_size, normals(6));
    const p = { gateProj: tf.tensor2d(h.gateProj), upProj: tf.tensor2d(h.upProj), downProj: tf.tensor2d(h.downProj) };
    const y = mlp(p, tf.tensor2d(x));
    expect(
      maxErr(
        (await y.array()) as M,
        x.map((r) => swiglu(h, r)),
      ),
    ).toBeLessThan(1e-5);
  });
});

const variants: Array<[string, DeepseekV2Config, MoeOptions]> = [
  ['group-limited', TINY_TEST, {}],
  ['greedy, scaling 2.5', parseConfig({ ...TINY_TEST, topk_method: 'greedy', routed_scaling_factor: 2.5 }), {}],
  ['norm_topk_prob', parseConfig({ ...TINY_TEST, norm_topk_prob: true }), {}],
  ['topK 4, disabled 2 and 5', TINY_TEST, { topK: 4, disabledExperts: [2, 5] }],
  ['shared experts disabled', TINY_TEST, { disableShared: true }],
  ['no shared experts', parseConfig({ ...TINY_TEST, n_shared_experts: 0 }), {}],
];

describe('stacked experts equal the per-expert loop (HF style) to 1e-5', () => {
  beforeAll(() => tf.setBackend('cpu'));
  variants.forEach(([name, c, opts], i) => it(name, () => checkAgainstHf(c, opts, 100 + i)));
});

describe('recording', () => {
  beforeAll(() => tf.setBackend('cpu'));
  it('readMoeTrace matches the routing and the two contributions; no tensors leak', async () => {
    const c = TINY_TEST;
    const h = hostParams(c, 9);
    const x = randomMatrix(10, c.hidden_size, normals(10));
    const [p, xt] = [toTf(h), tf.tensor2d(x)];
    const before = tf.memory().numTensors;
    const plain = moe(p, xt, c);
    expect(plain.routedNorm).toBeUndefined();
    disposeMoeOutput(plain);
    const out = moe(p, xt, c, { record: true });
    const trace = await readMoeTrace(out);
    disposeMoeOutput(out);
    expect(tf.memory().numTensors).toBe(before);
    const zero = x.map(() => new Array<number>(c.n_routed_experts!).fill(0));
    const sharedOnly = hfMoe(c, h, x, zero);
    const gates = zero.map((r, t) => r.map((_, e) => trace.gates[t][trace.experts[t].indexOf(e)] ?? 0));
    const routedOnly = hfMoe(c, h, x, gates, false);
    const norm = (v: number[]) => Math.hypot(...v);
    for (let t = 0; t < x.length; t++) {
      expect(trace.experts[t]).toHaveLength(c.num_experts_per_tok);
      expect(trace.selectedGroups[t]).toHaveLength(c.topk_group);
      expect(trace.gates[t]).toEqual([...trace.gates[t]].sort((a, b) => b - a));
      trace.experts[t].forEach((e, i) => expect(trace.gates[t][i]).toBeCloseTo(trace.probs[t][e], 6));
      expect(trace.sharedNorm[t]).toBeCloseTo(norm(sharedOnly[t]), 4);
      expect(trace.routedNorm[t]).toBeCloseTo(norm(routedOnly[t]), 4);
    }
    disposeParams(p);
    xt.dispose();
  });
});

describe('token dropping (training only)', () => {
  beforeAll(() => tf.setBackend('cpu'));
  it('planDrops drops the lowest-affinity unprotected pairs of an over-budget device', () => {
    // 4 tokens, 4 experts in 2 groups, K = 1: capacity ceil(1·1·4/2) = 2; group 0 gets 3 tokens.
    const mask = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0];
    const probs = [0.5, 0.1, 0.2, 0.2, 0.1, 0.3, 0.3, 0.3, 0.4, 0.2, 0.2, 0.2, 0.1, 0.1, 0.7, 0.1];
    const plan = planDrops(mask, probs, 4, 4, 2, 1, { capacityFactor: 1, protectedRows: [false, true, false, false] });
    expect(plan.report).toEqual({ capacity: 2, load: [3, 1], pairs: [[2, 0]], count: 1 }); // t1 is protected
    const unprotected = planDrops(mask, probs, 4, 4, 2, 1, {
      capacityFactor: 1,
      protectedRows: [false, false, true, false],
    });
    expect(unprotected.report.pairs).toEqual([[1, 1]]);
    const allProtected = planDrops(mask, probs, 4, 4, 2, 1, {
      capacityFactor: 1,
      protectedRows: [true, true, true, true],
    });
    expect(allProtected.report.count).toBe(0);
  });

  it('respects the capacity, never drops protected rows, and zeroes exactly the dropped pairs', async () => {
    const c = TINY_TEST;
    const [nr, per, t] = [c.n_routed_experts!, c.n_routed_experts! / c.n_group, 40];
    const h = hostParams(c, 21);
    h.gate = h.gate.map((row) => row.map((v, e) => v + (e < per ? 0.4 : 0))); // load device 0
    const x = randomMatrix(t, c.hidden_size, normals(22));
    const protectedRows = x.map((_, i) => i < 4);
    const [p, xt] = [toTf(h), tf.tensor2d(x)];
    const before = tf.memory().numTensors;
    const out = moe(p, xt, c, { dropping: { capacityFactor: 0.75, protectedRows } });
    const [mask, probs, gates, y] = (await Promise.all(
      [out.router.mask, out.router.probs, out.router.gates, out.y].map((v) => v.array()),
    )) as M[];
    const report = out.dropped!;
    disposeMoeOutput(out);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.capacity).toBe(Math.ceil((0.75 * c.num_experts_per_tok * t) / c.n_group));
    expect(report.count).toBeGreaterThan(0);
    const dropped = new Set(report.pairs.map(([i, e]) => i * nr + e));
    for (let g = 0; g < c.n_group; g++) {
      const pairs = mask.flatMap((r, i) => r.flatMap((v, e) => (v && Math.floor(e / per) === g ? [[i, e]] : [])));
      const isProt = ([i]: number[]) => protectedRows[i];
      const kept = pairs.filter(([i, e]) => !dropped.has(i * nr + e));
      expect(kept.length).toBe(Math.max(Math.min(pairs.length, report.capacity), pairs.filter(isProt).length));
      const droppedHere = pairs.filter(([i, e]) => dropped.has(i * nr + e));
      const keptFree = kept.filter((q) => !isProt(q));
      if (droppedHere.length && keptFree.length) {
        const worstKept = Math.min(...keptFree.map(([i, e]) => probs[i][e]));
        expect(Math.max(...droppedHere.map(([i, e]) => probs[i][e]))).toBeLessThanOrEqual(worstKept);
      }
    }
    for (const [i] of report.pairs) expect(protectedRows[i]).toBe(false);
    const used = gates.map((r, i) => r.map((v, e) => (dropped.has(i * nr + e) ? 0 : v)));
    expect(maxErr(y, hfMoe(c, h, x, used))).toBeLessThan(1e-5);
    disposeParams(p);
    xt.dispose();
  });

  it('budgets ⌈cf·K·T/D⌉ of the exact product: 55, not 56, at cf 1.1, K 4, D 4, T 50', () => {
    const c = parseConfig({ ...TINY_TEST, num_experts_per_tok: 4, n_group: 4, topk_group: 4 });
    const [p, xt] = [toTf(hostParams(c, 23)), tf.tensor2d(randomMatrix(50, c.hidden_size, normals(24)))];
    const out = moe(p, xt, c, { dropping: { capacityFactor: 1.1, protectedRows: new Array<boolean>(50).fill(false) } });
    expect(out.dropped!.capacity).toBe(55); // 1.1·4·50/4 is 55.00000000000001 in float64
    disposeMoeOutput(out);
    disposeParams(p);
    xt.dispose();
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gradients on ${backend}`, () => {
    const c = parseConfig({ ...TINY_TEST, device_balance_alpha: 0.05, comm_balance_alpha: 0.02 });
    const layout = { B: 2, T: 8, seqAux: true };
    let p: MoeParams;
    let x: tf.Tensor2D;
    let r: tf.Tensor2D;
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const h = hostParams(c, 31);
      const m = (q: HostMlp) => ({
        gateProj: tf.variable(tf.tensor2d(q.gateProj)) as tf.Variable<tf.Rank.R2>,
        upProj: tf.variable(tf.tensor2d(q.upProj)) as tf.Variable<tf.Rank.R2>,
        downProj: tf.variable(tf.tensor2d(q.downProj)) as tf.Variable<tf.Rank.R2>,
      });
      p = { gate: tf.variable(tf.tensor2d(h.gate)), experts: m(h.experts), sharedExperts: m(h.shared!) };
      x = tf.tensor2d(randomMatrix(16, c.hidden_size, normals(32)));
      r = tf.tensor2d(randomMatrix(16, c.hidden_size, normals(33)));
    });
    afterAll(async () => {
      disposeParams(p);
      tf.dispose([x, r]);
      await tf.setBackend('cpu');
    });
    const gateGrad = async (loss: () => tf.Scalar) => {
      const { value, grads } = tf.variableGrads(loss, [p.gate as tf.Variable]);
      const g = Array.from(await Object.values(grads)[0].data());
      tf.dispose([value, ...Object.values(grads)]);
      return g;
    };
    const healthy = (g: number[]) => {
      expect(g.every(Number.isFinite)).toBe(true);
      expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-6);
    };
    it('forward equals the per-expert loop', () => checkAgainstHf(c, { disabledExperts: [1] }, 41));
    it('reach the router weight through the gates', async () => {
      healthy(await gateGrad(() => tf.sum(tf.mul(moe(p, x, c).y, r))));
    });
    it('reach the router weight through the aux loss alone', async () => {
      const aux = () => {
        const { router } = moe(p, x, c);
        return expertBalance(router.probs, router.mask, c, layout);
      };
      healthy(await gateGrad(aux));
    });
    it('flow through MoE + all three aux losses, and an SGD step leaks no tensors', async () => {
      const loss = () => {
        const out = moe(p, x, c);
        const aux = totalAux(c, balanceLosses(out.router.probs, out.router.mask, c, layout));
        return tf.add(tf.sum(tf.mul(out.y, r)), aux) as tf.Scalar;
      };
      healthy(await gateGrad(loss));
      const before = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(loss);
      for (const [name, g] of Object.entries(grads)) {
        expect((await g.data()).every(Number.isFinite)).toBe(true);
        const v = tf.engine().registeredVariables[name];
        tf.tidy(() => v.assign(tf.sub(v, tf.mul(g, 0.01))));
      }
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
