/**
 * The fused WebGPU decode step (docs/webgpu.md): one token through every layer with a handful of
 * WGSL kernels per layer instead of hundreds of tfjs ops, over the same latent KV cache and
 * producing the same logits and trace as the op-by-op path (the reference and the fallback).
 *
 * Per layer (MLA, softmax routing): normMatmul (input_layernorm + q / q_a and kv_a projections),
 * [normMatmul (q_a_layernorm + q_b) with q-LoRA], appendLatent, appendRopeKey, mlaAttention,
 * oProjResidual, [naivePathDiff with compareAttention], then routerKernel + swigluHidden + ffnDown (MoE) or swigluHidden + ffnDown
 * (dense); then one normMatmul for the final norm and LM head. Configs it does not cover return
 * null and take the op-by-op path.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isMoeLayer, softmaxScale, usesMha, type DeepseekV2Config } from '../config';
import type { KvCache } from '../kvCache';
import type { MlaParams } from '../mla';
import type { ForwardOptions, StepResult } from '../forwardOptions';
import { isMoeParams, type ModelParams } from '../params';
import { LATENT_NORM_EPS } from '../rmsNorm';
import type { RopeTables } from '../rope';
import { routeCounts } from '../router';
import { tidyObject } from '../tidy';
import type { PendingTrace } from '../trace';
import { appendLatent, appendRopeKey } from './cacheAppend';
import { fusedHostTrace, type FusedLayerOutputs } from './fusedTrace';
import { mlaAttention, type MlaAttentionArgs } from './mlaAttention';
import { normMatmul } from './normMatmul';
import { oProjResidual } from './oProj';
import { naivePathDiff } from './pathDiff';
import { WG } from './program';
import { routerKernel, routerLayout } from './routerKernel';
import { ffnDown, swigluHidden, type Routed } from './swiglu';

/** What the model hands the fused step. */
export interface FusedModel {
  config: DeepseekV2Config;
  params: ModelParams;
  rope: RopeTables;
}

/** Why a config or call takes the op-by-op path; null when the fused path covers it. */
export function fusedUnsupported(c: DeepseekV2Config, opts: ForwardOptions = {}): string | null {
  if (opts.fused === false) return 'fused: false';
  if (usesMha(c)) return 'MHA baseline';
  if ((c.scoring_func as string) !== 'softmax') return `scoring_func ${c.scoring_func}`;
  if (c.topk_method !== 'greedy' && c.topk_method !== 'group_limited_greedy') return `topk_method ${c.topk_method}`;
  if ((opts.attention ?? 'absorbed') !== 'absorbed') return 'naive attention path';
  if (opts.training) return 'training options';
  // workgroup memory (16 KiB, WebGPU's default limit): mlaAttention holds 2·d_c + d_h^R floats, naivePathDiff n_h·d_v
  const wgFloats = Math.max(2 * c.kv_lora_rank, opts.compareAttention ? c.num_attention_heads * c.v_head_dim : 0);
  if ((wgFloats + c.qk_rope_head_dim + WG) * 4 > 16384) return 'workgroup memory';
  const iv = opts.interventions;
  if (iv && (iv.topK !== undefined || iv.topkGroup !== undefined || iv.disableShared || iv.disabledExperts)) {
    return 'routing interventions';
  }
  return null;
}

/** Whether decodeStep on this backend, config and options runs fused. */
export function usesFusedDecode(c: DeepseekV2Config, cache: KvCache, opts: ForwardOptions = {}): boolean {
  return (
    tf.getBackend() === 'webgpu' &&
    // a backend registered as 'webgpu' that is not tfjs-backend-webgpu (the unit tests' stand-in) has no program runner
    typeof (tf.backend() as { runWebGPUProgram?: unknown }).runWebGPUProgram === 'function' &&
    cache.length > 0 &&
    fusedUnsupported(c, opts) === null
  );
}

/** One decode token on the fused kernels; appends it to the cache. Logits [V]. */
export function fusedDecodeStep(
  m: FusedModel,
  token: number,
  cache: KvCache,
  opts: ForwardOptions = {},
): StepResult<tf.Tensor1D> {
  const c = m.config;
  const p = m.params;
  if (!Number.isInteger(token) || token < 0 || token >= c.vocab_size) {
    throw new RangeError(`model: token id ${token} outside [0, ${c.vocab_size})`);
  }
  const record = opts.record ?? false;
  const compare = record && (opts.compareAttention ?? false);
  const start = cache.length;
  const d = c.hidden_size;
  const [H, dh, dr, dc] = [c.num_attention_heads, c.qk_nope_head_dim, c.qk_rope_head_dim, c.kv_lora_rank];
  const counts = c.n_routed_experts !== null ? routeCounts(c) : { k: 0, m: 0 };
  const rows = m.rope.rows(start, 1);
  const { logits, layers } = tidyObject(() => {
    const cs = tf.tensor2d([...rows.cos, ...rows.sin], [2, dr]); // [2, d_h^R] cos; sin at `start`
    const layers: FusedLayerOutputs[] = [];
    let x: tf.Tensor = p.embedTokens; // [V, d] for layer 0, then the previous ffnDown output
    p.layers.forEach((lp, l) => {
      const a = lp.selfAttn as MlaParams;
      const first = a.qAProj ?? (a.qProj as tf.Tensor2D); // [d, d_c'] or [d, n_h·(d_h + d_h^R)]
      const nq = first.shape[1];
      const proj = normMatmul({
        x,
        row: l === 0 ? token : 0,
        stride: l === 0 ? d : 0,
        offset: 0,
        gain: lp.inputLayernorm,
        eps: c.rms_norm_eps,
        w0: first,
        w1: a.kvAProjWithMqa,
        emit: 'raw',
      }); // [x d | q or c^Q pre-norm nq | c^KV pre-norm d_c | k^R pre-RoPE d_h^R]
      const qb =
        a.qAProj && a.qALayernorm && a.qBProj
          ? normMatmul({
              x: proj,
              row: 0,
              stride: 0,
              offset: d,
              gain: a.qALayernorm,
              eps: LATENT_NORM_EPS,
              w0: a.qBProj,
              emit: 'normed',
            })
          : null; // [c^Q d_c' | q n_h·(d_h + d_h^R)]
      const latent = appendLatent(cache.latent(l) as tf.Tensor2D, proj, d + nq, a.kvALayernorm, LATENT_NORM_EPS); // [S, d_c]
      const ropeKey = appendRopeKey(cache.ropeKey(l) as tf.Tensor2D, proj, d + nq + dc, cs); // [S, d_h^R]
      cache.replaceLayer(l, latent, ropeKey);
      const args: MlaAttentionArgs = {
        q: qb ?? proj,
        offset: qb ? nq : d,
        latent,
        ropeKey,
        kvBProj: a.kvBProj,
        cs,
        heads: H,
        nope: dh,
        vDim: c.v_head_dim,
        scale: softmaxScale(c),
      };
      const attention = mlaAttention(args); // [heads n_h·d_v | q^R n_h·d_h^R | probs, nope, rope n_h·S each]
      const oProj = oProjResidual(proj, 0, attention, a.oProj); // [attended d | attn d]
      const pathDiff = compare ? naivePathDiff(args, oProj, a.oProj) : null; // [1 + n_h·S], max |naive − absorbed| at 0
      let router: tf.Tensor1D | null = null; // [3·N_r + 2·n_group]
      let down: tf.Tensor1D; // [out d | ffn d] or MoE [out | ffn | routed | shared]
      const gain = lp.postAttentionLayernorm;
      if (isMoeParams(lp.mlp) && isMoeLayer(c, l)) {
        const mp = lp.mlp;
        router = routerKernel(oProj, gain, mp.gate, c, counts);
        const routed: Routed = {
          router,
          gatesAt: routerLayout(mp.gate.shape[1], c.n_group).gates,
          perExpert: c.moe_intermediate_size,
        };
        const hidden = swigluHidden(oProj, gain, c.rms_norm_eps, mp.experts, routed, mp.sharedExperts); // [N_r·d_ff^e | N_s·d_ff^e]
        down = ffnDown(oProj, hidden, mp.experts.downProj, routed, mp.sharedExperts?.downProj ?? null);
      } else {
        const mp = lp.mlp as Exclude<typeof lp.mlp, { experts: unknown }>;
        const hidden = swigluHidden(oProj, gain, c.rms_norm_eps, mp, null, null); // [d_ff]
        down = ffnDown(oProj, hidden, mp.downProj, null, null);
      }
      layers.push({
        proj,
        qb,
        latent: tf.clone(latent),
        ropeKey: tf.clone(ropeKey),
        attention,
        oProj,
        router,
        down,
        pathDiff,
      });
      x = down;
    });
    const logits = normMatmul({
      x,
      row: 0,
      stride: 0,
      offset: 0,
      gain: p.norm,
      eps: c.rms_norm_eps,
      w0: p.lmHead ?? p.embedTokens,
      w0Rows: !p.lmHead,
    }); // [V]
    return { logits, layers: record ? layers : [] };
  });
  if (!record) return { logits, trace: null };
  const trace: PendingTrace = {
    meta: {
      kind: 'decode',
      batch: 1,
      queries: 1,
      start,
      keys: start + 1,
      attentionPath: 'absorbed',
      cacheBytes: cache.bytes(),
    },
    ids: tf.tensor2d([[token]], [1, 1], 'int32'), // [1, 1]
    attention: [],
    moe: [],
    embedding: null,
    stream: [],
    host: fusedHostTrace(c, layers, counts),
  };
  return { logits, trace };
}
