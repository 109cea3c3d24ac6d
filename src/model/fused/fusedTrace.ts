/**
 * The trace of a fused decode step (docs/webgpu.md#the-trace): the kernels' packed outputs, kept
 * as they are, downloaded and split on the host into the same ModelTrace the op-by-op path
 * records. Nothing is computed on the GPU for the trace: recording costs no extra dispatch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from '../config';
import { moeTraceFromArrays } from '../moe';
import { hostRows, type AttentionTrace, type HostTrace, type ModelTrace, type TraceArray } from '../trace';
import { attentionLayout } from './mlaAttention';
import { routerLayout, type RouteCounts } from './routerKernel';

/** One layer's packed kernel outputs (shapes in the comments of fusedDecode.ts). */
export interface FusedLayerOutputs {
  /** [x d | q or c^Q pre-norm | c^KV pre-norm d_c | k^R pre-RoPE d_h^R] */
  proj: tf.Tensor1D;
  /** q-LoRA only: [c^Q d_c' | q n_h·(d_h + d_h^R)] */
  qb: tf.Tensor1D | null;
  /** [S, d_c], [S, d_h^R]: the cache slots after the step. */
  latent: tf.Tensor2D;
  ropeKey: tf.Tensor2D;
  /** attentionLayout */
  attention: tf.Tensor1D;
  /** [attended d | attn d] */
  oProj: tf.Tensor1D;
  /** routerLayout, MoE layers only */
  router: tf.Tensor1D | null;
  /** [out d | ffn d] or MoE [out | ffn | routed | shared] */
  down: tf.Tensor1D;
  /** with compareAttention: [max |naive − absorbed| | scratch] (pathDiff.ts) */
  pathDiff: tf.Tensor1D | null;
}

const arr = (data: Float32Array, shape: number[]): TraceArray => ({ shape, data });

/** A HostTrace over the step's outputs; it owns `layers` and disposes them once read or dropped. */
export function fusedHostTrace(c: DeepseekV2Config, layers: FusedLayerOutputs[], counts: RouteCounts): HostTrace {
  const owned = layers.flatMap((l) => [
    l.proj,
    l.qb,
    l.latent,
    l.ropeKey,
    l.attention,
    l.oProj,
    l.router,
    l.down,
    l.pathDiff,
  ]);
  const dispose = () => tf.dispose(owned.filter((t) => t !== null));
  const d = c.hidden_size;
  const H = c.num_attention_heads;
  const [dh, dr, dc, dv] = [c.qk_nope_head_dim, c.qk_rope_head_dim, c.kv_lora_rank, c.v_head_dim];
  const dq = c.q_lora_rank;
  const nq = dq ?? H * (dh + dr);
  const read = async (): Promise<Pick<ModelTrace, 'attention' | 'moe' | 'embedding' | 'stream'>> => {
    const data = await Promise.all(
      layers.map(async (l) => {
        const [proj, qb, latent, ropeKey, att, op, router, down, diff] = await Promise.all(
          [l.proj, l.qb, l.latent, l.ropeKey, l.attention, l.oProj, l.router, l.down, l.pathDiff].map((t) =>
            t ? (t.data() as Promise<Float32Array>) : Promise.resolve(null),
          ),
        );
        return { proj, qb, latent, ropeKey, att, op, router, down, diff, S: l.latent.shape[0] };
      }),
    );
    const attention: AttentionTrace[] = [];
    const moe: ModelTrace['moe'] = [];
    const stream: ModelTrace['stream'] = [];
    data.forEach((x, layer) => {
      const proj = x.proj as Float32Array;
      const S = x.S;
      const L = attentionLayout(H, dr, dv, S);
      const att = x.att as Float32Array;
      const q = dq !== null ? (x.qb as Float32Array).subarray(dq) : proj.subarray(d, d + nq);
      const qRPre = new Float32Array(H * dr);
      for (let h = 0; h < H; h++) qRPre.set(q.subarray(h * (dh + dr) + dh, (h + 1) * (dh + dr)), h * dr);
      const part = (at: number) => arr(att.slice(at, at + H * S), [1, H, 1, S]);
      attention.push({
        layer,
        cQPreNorm: dq !== null ? arr(proj.slice(d, d + dq), [1, dq]) : null,
        cQ: dq !== null ? arr((x.qb as Float32Array).slice(0, dq), [1, dq]) : null,
        cKVPreNorm: arr(proj.slice(d + nq, d + nq + dc), [1, dc]),
        cKV: arr((x.latent as Float32Array).slice((S - 1) * dc), [1, dc]),
        kRPreRope: arr(proj.slice(d + nq + dc, d + nq + dc + dr), [1, dr]),
        kR: arr((x.ropeKey as Float32Array).slice((S - 1) * dr), [1, dr]),
        qRPreRope: arr(qRPre, [1, H, dr]),
        qR: arr(att.slice(L.qR, L.qR + H * dr), [1, H, dr]),
        probs: part(L.probs),
        nopeLogits: part(L.nope),
        ropeLogits: part(L.rope),
        pathDiff: x.diff ? x.diff[0] : null,
      });
      const down = x.down as Float32Array;
      const op = x.op as Float32Array;
      stream.push({
        layer,
        attn: hostRows(op.subarray(d, 2 * d), 1, d),
        ffn: hostRows(down.subarray(d, 2 * d), 1, d),
        out: hostRows(down.subarray(0, d), 1, d),
      });
      if (x.router) {
        const nr = c.n_routed_experts as number;
        const g = c.n_group;
        const R = routerLayout(nr, g);
        const r = x.router;
        const norm = (from: number) => Float32Array.of(hostRows(down.subarray(from, from + d), 1, d).norm.data[0]);
        const trace = moeTraceFromArrays(
          {
            probs: r.subarray(R.probs, R.probs + nr),
            mask: r.subarray(R.mask, R.mask + nr),
            gates: r.subarray(R.gates, R.gates + nr),
            groupMask: r.subarray(R.groupMask, R.groupMask + g),
            groupScores: r.subarray(R.groupScores, R.groupScores + g),
            routedNorm: norm(2 * d),
            sharedNorm: norm(3 * d),
          },
          nr,
          g,
          [],
        );
        moe.push({ layer, topK: counts.k, topkGroup: counts.m, ...trace });
      }
    });
    const embedding = hostRows((data[0].proj as Float32Array).subarray(0, d), 1, d);
    return { attention, moe, embedding, stream };
  };
  return { read, dispose };
}
