/**
 * The fused WebGPU decode step (src/model/fused) on real WebGPU (SwiftShader here) against the
 * op-by-op path on tfjs cpu: logits and every trace field to 1e-4, for the shipped tinyseek, a
 * V2-Lite-shaped config (greedy routing, no q-LoRA) and a config with several dense layers (tied
 * head, renormalised gates); and the dispatch budget of one decode token with the trace on.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { parseConfig, type DeepseekV2Config } from '../../../src/model/config';
import { countDispatches } from '../../../src/model/fused/dispatchCounter';
import { usesFusedDecode } from '../../../src/model/fused/fusedDecode';
import { DeepseekV2Model } from '../../../src/model/model';
import { TINY_TEST } from '../../../src/model/presets';
import { readTrace, type ModelTrace, type TraceArray } from '../../../src/model/trace';
import { initWeights, type HostWeights } from '../../../src/model/weights';
import { selectBackend } from '../../../src/runtime/backends';
import { loadShipped } from './shipped';

const PROMPT = [5, 9, 12, 7];
const NEXT = [20, 3];

interface Decoded {
  fused: boolean;
  dispatches: number | null;
  gpuErrors: string[];
  /** per decode step: logits [V] and the trace. */
  steps: { logits: number[]; trace: ModelTrace }[];
}

async function decodeOn(name: 'webgpu' | 'cpu', c: DeepseekV2Config, w: HostWeights): Promise<Decoded> {
  if (name === 'cpu') await tf.setBackend('cpu');
  else expect((await selectBackend(['webgpu'])).active).toBe('webgpu');
  expect(tf.getBackend()).toBe(name);
  const gpuErrors: string[] = [];
  const device = name === 'webgpu' ? (tf.backend() as unknown as { device: GPUDevice }).device : null;
  const onError = (e: Event) => gpuErrors.push((e as GPUUncapturedErrorEvent).error.message.split('\n')[0]);
  device?.addEventListener('uncapturederror', onError);
  const model = DeepseekV2Model.fromHostWeights(c, w);
  const cache = model.newCache();
  model.prefill(PROMPT, cache).logits.dispose();
  // as the app's session records a generated token
  const opts = { record: true, compareAttention: true };
  const fused = usesFusedDecode(c, cache, opts);
  const steps: Decoded['steps'] = [];
  let dispatches: number | null = null;
  for (const token of NEXT) {
    const counted = countDispatches(() => model.decodeStep(token, cache, opts));
    dispatches = counted.dispatches;
    const { logits, trace } = counted.result;
    steps.push({
      logits: Array.from(await logits.data()),
      trace: await readTrace(c, trace as NonNullable<typeof trace>),
    });
    logits.dispose();
  }
  cache.dispose();
  model.dispose();
  device?.removeEventListener('uncapturederror', onError);
  return { fused, dispatches, gpuErrors: [...new Set(gpuErrors)], steps };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

function expectClose(name: string, a: TraceArray | null, b: TraceArray | null) {
  if (a === null || b === null) {
    expect(a, name).toBe(b);
    return;
  }
  expect(a.shape, name).toEqual(b.shape);
  expect(maxDiff(a.data, b.data), name).toBeLessThan(1e-4);
}

/** Fused on webgpu against op-by-op on cpu: logits and every trace field the views read. */
async function compare(c: DeepseekV2Config, w: HostWeights): Promise<Decoded> {
  const gpu = await decodeOn('webgpu', c, w);
  const cpu = await decodeOn('cpu', c, w);
  expect(gpu.fused).toBe(true);
  expect(cpu.fused).toBe(false);
  expect(gpu.gpuErrors).toEqual([]);
  gpu.steps.forEach((g, i) => {
    const r = cpu.steps[i];
    expect(maxDiff(g.logits, r.logits)).toBeLessThan(1e-4);
    // not vacuous: the logits vary
    expect(Math.max(...r.logits) - Math.min(...r.logits)).toBeGreaterThan(0.05);
    const { attention, moe, stream, embedding, ...meta } = g.trace;
    const { attention: rA, moe: rM, stream: rS, embedding: rE, ...rMeta } = r.trace;
    expect(meta).toEqual(rMeta);
    expect(attention).toHaveLength(c.num_hidden_layers);
    attention.forEach((a, l) => {
      for (const k of [
        'cQPreNorm',
        'cQ',
        'cKVPreNorm',
        'cKV',
        'kRPreRope',
        'kR',
        'qRPreRope',
        'qR',
        'probs',
        'nopeLogits',
        'ropeLogits',
      ] as const) {
        expectClose(`layer ${l} ${k}`, a[k], rA[l][k]);
      }
      // max |naive − absorbed|: both paths agree to float error, on either backend
      expect(a.pathDiff).not.toBeNull();
      expect(rA[l].pathDiff).not.toBeNull();
      expect(Math.abs((a.pathDiff as number) - (rA[l].pathDiff as number))).toBeLessThan(1e-4);
    });
    expect(moe.map((m) => m.layer)).toEqual(rM.map((m) => m.layer));
    moe.forEach((m, j) => {
      const ref = rM[j];
      expect(m.experts).toEqual(ref.experts);
      expect(m.selectedGroups).toEqual(ref.selectedGroups);
      expect([m.topK, m.topkGroup]).toEqual([ref.topK, ref.topkGroup]);
      expect(maxDiff(m.probs.flat(), ref.probs.flat())).toBeLessThan(1e-4);
      expect(maxDiff(m.gates.flat(), ref.gates.flat())).toBeLessThan(1e-4);
      expect(maxDiff(m.groupScores.flat(), ref.groupScores.flat())).toBeLessThan(1e-4);
      expect(maxDiff([...m.routedNorm, ...m.sharedNorm], [...ref.routedNorm, ...ref.sharedNorm])).toBeLessThan(1e-4);
    });
    expectClose('embedding head', embedding.head, rE.head);
    expectClose('embedding norm', embedding.norm, rE.norm);
    stream.forEach((s, l) => {
      for (const k of ['attn', 'ffn', 'out'] as const) {
        expectClose(`layer ${l} ${k} head`, s[k].head, rS[l][k].head);
        expectClose(`layer ${l} ${k} norm`, s[k].norm, rS[l][k].norm);
      }
    });
  });
  return gpu;
}

/** Small random weights, larger than the default init so routing and logits are far from uniform. */
const random = (raw: Record<string, unknown>) => {
  const c = parseConfig({ ...TINY_TEST, initializer_range: 0.2, ...raw });
  return { c, w: initWeights(c, 7) };
};

describe('fused WebGPU decode against the op-by-op path on cpu', () => {
  it("shipped tinyseek: logits and trace to 1e-4, at most 60 dispatches per token with the trace on (the app's)", async () => {
    const { config, weights } = await loadShipped();
    const gpu = await compare(config, weights);
    console.log(`tinyseek fused decode: ${gpu.dispatches} dispatches per token (trace on)`);
    expect(gpu.dispatches).toBeGreaterThan(0);
    expect(gpu.dispatches).toBeLessThanOrEqual(60);
  });

  it('V2-Lite-shaped: greedy routing, no q-LoRA', async () => {
    const { c, w } = random({
      q_lora_rank: null,
      topk_method: 'greedy',
      n_group: 1,
      topk_group: 1,
      n_routed_experts: 16,
      num_experts_per_tok: 6,
      n_shared_experts: 2,
      first_k_dense_replace: 1,
    });
    await compare(c, w);
  });

  it('several dense layers, a tied head and renormalised gates', async () => {
    const { c, w } = random({
      num_hidden_layers: 4,
      first_k_dense_replace: 3,
      tie_word_embeddings: true,
      norm_topk_prob: true,
      n_shared_experts: 0,
    });
    await compare(c, w);
  });
});
