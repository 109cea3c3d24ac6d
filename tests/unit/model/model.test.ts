import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/model/config';
import { DeepseekV2Model, disposeForwardResult } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { readTrace } from '../../../src/model/trace';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const c = parseConfig({ ...TINY_TEST, initializer_range: 0.2 });
const ids = [
  [1, 2, 3, 4, 5, 6],
  [7, 8, 9, 10, 11, 12],
];

async function chosen(model: DeepseekV2Model, opts: Parameters<DeepseekV2Model['forward']>[1]) {
  const out = model.forward(ids, opts);
  const masks = await Promise.all(out.routers.map((r) => r.router.mask.array()));
  const logits = await out.logits.array();
  disposeForwardResult(out);
  return { masks, logits };
}

describe('DeepseekV2Model', () => {
  it('forward leaks nothing, with or without a trace, and accepts an int32 tensor', async () => {
    const model = DeepseekV2Model.init(c, 1);
    const before = tf.memory().numTensors;
    disposeForwardResult(model.forward(ids));
    disposeForwardResult(model.forward(ids, { record: true, compareAttention: true }));
    const t = model.forward(ids, { record: true });
    const trace = await readTrace(c, t.trace!);
    t.trace = null;
    disposeForwardResult(t);
    expect(tf.memory().numTensors).toBe(before);
    expect(trace.batch).toBe(2);
    expect(trace.moe[0].experts).toHaveLength(12); // B·T rows
    expect(trace.moe[0].probs[0]).toHaveLength(c.n_routed_experts!);
    expect(trace.attention[0].cQ!.shape).toEqual([12, c.q_lora_rank]);
    expect(trace.attention[0].pathDiff).toBeNull();
    const asTensor = tf.tensor2d(ids, [2, 6], 'int32');
    const a = model.forward(asTensor);
    const b = model.forward(ids);
    expect(await a.logits.array()).toEqual(await b.logits.array());
    disposeForwardResult(a);
    disposeForwardResult(b);
    asTensor.dispose();
    expect(() => model.forward([[c.vocab_size]])).toThrow(/token id/);
    model.dispose();
  });

  it('interventions: disabled experts are never chosen, top-K and shared experts can be changed', async () => {
    const model = DeepseekV2Model.init(c, 2);
    const base = await chosen(model, {});
    const layer = 1;
    const disabled = await chosen(model, { interventions: { disabledExperts: { [layer]: [0, 1, 2] } } });
    for (const row of disabled.masks[0]) expect(row.slice(0, 3)).toEqual([0, 0, 0]);
    expect(base.masks[0].some((row) => row[0] + row[1] + row[2] > 0)).toBe(true);
    const k1 = await chosen(model, { interventions: { topK: 1 } });
    for (const m of k1.masks) for (const row of m) expect(row.reduce((s, v) => s + v, 0)).toBe(1);
    const noShared = await chosen(model, { interventions: { disableShared: true } });
    expect(noShared.logits).not.toEqual(base.logits);
    model.dispose();
  });

  it('token dropping in training reports what it dropped and spares protected sequences', async () => {
    const model = DeepseekV2Model.init(c, 3);
    const out = model.forward(ids, {
      training: { dropping: { capacityFactor: 0.5, protectedSequences: [true, false] } },
    });
    for (const r of out.routers) {
      expect(r.dropped!.count).toBeGreaterThan(0);
      for (const [row] of r.dropped!.pairs) expect(row).toBeGreaterThanOrEqual(6); // sequence 1 only
    }
    disposeForwardResult(out);
    model.dispose();
  });

  it('tied embeddings use embed_tokensᵀ as the head', async () => {
    const tied = parseConfig({ ...c, tie_word_embeddings: true });
    const model = DeepseekV2Model.init(tied, 4);
    expect(model.params.lmHead).toBeNull();
    const out = model.forward([[1, 2]]);
    expect(out.logits.shape).toEqual([1, 2, c.vocab_size]);
    disposeForwardResult(out);
    model.dispose();
  });
});
