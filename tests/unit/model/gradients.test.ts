/**
 * The forward pass is differentiable end to end on the backends training uses: every parameter
 * (the embedding included, whose gather gradient wasm lacks) gets a finite gradient, wasm agrees
 * with cpu, and a directional finite difference confirms the custom gradients.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { DeepseekV2Model, type ForwardOptions } from '../../../src/model/model';
import { namedParams } from '../../../src/model/params';
import { TINY_TEST } from '../../../src/model/presets';
import { initWeights } from '../../../src/model/weights';
import { selectNodeBackend } from '../../../src/runtime/nodeBackend';

const c = parseConfig({ ...TINY_TEST, initializer_range: 0.1 });
const w = initWeights(c, 9);
const ids = [
  [1, 5, 9, 13, 2, 7],
  [3, 3, 8, 1, 0, 4],
];

/** Mean next-token cross-entropy plus the routers' mean probability mass, so the router is in the graph. */
function loss(model: DeepseekV2Model, opts: ForwardOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const out = model.forward(ids, opts);
    const [B, T, V] = out.logits.shape;
    const logp = tf.logSoftmax(tf.reshape(tf.slice(out.logits, [0, 0, 0], [B, T - 1, V]), [B * (T - 1), V])); // [B·(T−1), V]
    const targets = tf.tensor1d(
      ids.flatMap((row) => row.slice(1)),
      'int32',
    ); // [B·(T−1)]
    const nll = tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.cast(tf.oneHot(targets, V), 'float32')), 1))); // []
    const routerTerm = tf.addN([tf.scalar(0), ...out.routers.map((r) => tf.mean(tf.square(r.router.probs)))]); // []
    return tf.add(nll, routerTerm) as tf.Scalar;
  });
}

async function gradients(backend: 'cpu' | 'wasm'): Promise<Map<string, Float32Array>> {
  if (backend === 'wasm') await selectNodeBackend(['wasm']);
  else await tf.setBackend('cpu');
  const model = DeepseekV2Model.fromHostWeights(c, w, { trainable: true });
  const named = namedParams(model.params);
  const { grads, value } = tf.variableGrads(() => loss(model, { attention: 'naive' }));
  const out = new Map<string, Float32Array>();
  const byId = new Map(Object.entries(grads));
  for (const [name, v] of named) {
    const g = byId.get((v as tf.Variable).name);
    if (g) out.set(name, (await g.data()) as Float32Array);
  }
  tf.dispose([...Object.values(grads), value]);
  model.dispose();
  return out;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('gradients', () => {
  it('reach every parameter on wasm and match cpu', async () => {
    const cpu = await gradients('cpu');
    const wasm = await gradients('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const model = DeepseekV2Model.fromHostWeights(c, w);
    const names = namedParams(model.params).map(([n]) => n);
    model.dispose();
    for (const name of names) {
      const g = wasm.get(name);
      expect(g, name).toBeDefined();
      const ref = cpu.get(name)!;
      let scale = 0;
      let diff = 0;
      g!.forEach((v, i) => {
        expect(Number.isFinite(v), name).toBe(true);
        scale = Math.max(scale, Math.abs(ref[i]));
        diff = Math.max(diff, Math.abs(v - ref[i]));
      });
      expect(diff, name).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
      if (name !== 'layers.0.selfAttn.qALayernorm') expect(scale, name).toBeGreaterThan(0);
    }
    // Only the embedding rows of tokens that occur get a gradient.
    const e = wasm.get('embedTokens')!;
    const used = new Set(ids.flat());
    const d = c.hidden_size;
    for (let v = 0; v < c.vocab_size; v++) {
      const rowMax = Math.max(...Array.from(e.subarray(v * d, (v + 1) * d), Math.abs));
      expect(rowMax > 0, `row ${v}`).toBe(used.has(v));
    }
  });

  it('agree with a directional finite difference (cpu, absorbed path, dense FFNs so the loss is smooth)', async () => {
    await tf.setBackend('cpu');
    const dense = parseConfig({ ...c, n_routed_experts: null });
    const model = DeepseekV2Model.fromHostWeights(dense, initWeights(dense, 9), { trainable: true });
    const { grads, value } = tf.variableGrads(() => loss(model, { attention: 'absorbed' }));
    const named = namedParams(model.params);
    for (const name of [
      'embedTokens',
      'layers.1.selfAttn.kvBProj',
      'layers.2.selfAttn.qAProj',
      'layers.0.selfAttn.kvAProjWithMqa',
    ]) {
      const v = named.find(([n]) => n === name)![1] as tf.Variable;
      const g = grads[v.name];
      const dir = tf.tidy(() => tf.sign(g)); // ascend along the gradient's signs
      const predicted = (await tf.sum(tf.mul(g, dir)).data())[0];
      const base = v.clone();
      const eps = 1e-3;
      v.assign(tf.tidy(() => tf.add(base, tf.mul(dir, eps))));
      const up = (await loss(model).data())[0];
      v.assign(tf.tidy(() => tf.sub(base, tf.mul(dir, eps))));
      const down = (await loss(model).data())[0];
      v.assign(base);
      const measured = (up - down) / (2 * eps);
      expect(Math.abs(measured - predicted), name).toBeLessThan(0.02 * Math.abs(predicted) + 1e-3);
      tf.dispose([dir, base]);
    }
    tf.dispose([...Object.values(grads), value]);
    model.dispose();
  });
});
