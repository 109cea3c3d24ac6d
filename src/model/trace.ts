/**
 * The one record a forward pass or decode step leaves for the views (style habit 4): per layer
 * the MLA internals and what each block adds to the residual stream, per MoE layer the routing
 * (the views compute balance statistics from it with src/model/routingStats.ts, over the tokens
 * they show). The model fills a PendingTrace (tensors, only when recording); readTrace downloads
 * it asynchronously into plain arrays and disposes its tensors. With recording off nothing extra
 * is computed or kept.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DeepseekV2Config } from './config';
import type { AttentionPath, MlaRecord } from './mla';
import { disposeMoeOutput, readMoeTrace, type MoeOutput, type MoeTrace } from './moe';

/** A downloaded tensor: row-major float32 data and its shape. */
export interface TraceArray {
  shape: number[];
  data: Float32Array;
}

/** One layer's MLA internals. Token rows are b-major (row b·T + t); S = keys (cached + new). */
export interface AttentionTrace {
  layer: number;
  /** [B·T, d_c'] c^Q before / after q_a_layernorm; null without query compression. */
  cQPreNorm: TraceArray | null;
  cQ: TraceArray | null;
  /** [B·T, d_c] c^KV before / after kv_a_layernorm (the latter is what the cache holds). */
  cKVPreNorm: TraceArray;
  cKV: TraceArray;
  /** [B·T, d_h^R] the shared RoPE key before / after RoPE (the latter is cached). */
  kRPreRope: TraceArray;
  kR: TraceArray;
  /** [B·T, n_h, d_h^R] the per-head RoPE queries before / after RoPE. */
  qRPreRope: TraceArray;
  qR: TraceArray;
  /** [B, n_h, T, S] softmax(σ·(nope + rope) + causal mask). */
  probs: TraceArray;
  /** [B, n_h, T, S] q^C·k^C, unscaled (position-free term). */
  nopeLogits: TraceArray;
  /** [B, n_h, T, S] q^R·k^R, unscaled (positional term). */
  ropeLogits: TraceArray;
  /** max |naive − absorbed| over the layer's attention output, when compareAttention was set. */
  pathDiff: number | null;
}

/** One MoE layer: routing per token (rows b-major). */
export interface MoeLayerTrace extends MoeTrace {
  layer: number;
  /** K and M the router actually used (after interventions). */
  topK: number;
  topkGroup: number;
}

/**
 * Residual-stream rows as the views keep them: the leading ≤ ROW_HEAD entries of each row and
 * each row's ‖·‖₂ over all `width` entries, so a d = 2048 model costs 128 numbers a row, not 2048.
 */
export const ROW_HEAD = 128;

/** Rows of one [B·T, width] tensor, downloaded. */
export interface RowSample {
  /** [B·T, min(width, ROW_HEAD)] the leading entries of each row. */
  head: TraceArray;
  /** [B·T] ‖row‖₂ over all entries. */
  norm: TraceArray;
  width: number;
}

/** What one decoder layer adds to the residual stream x, per token (rows b-major). */
export interface StreamTrace {
  layer: number;
  /** MLA's o_proj output, added to x after the attention block. [B·T, d] sampled */
  attn: RowSample;
  /** the dense MLP's or DeepSeekMoE's output, added after the FFN block. [B·T, d] sampled */
  ffn: RowSample;
  /** x leaving the layer: x_in + attn + ffn. [B·T, d] sampled */
  out: RowSample;
}

export interface ModelTrace {
  kind: 'forward' | 'prefill' | 'decode';
  /** B sequences of T new tokens each. */
  batch: number;
  queries: number;
  /** position of the first new token; keys = start + T. */
  start: number;
  keys: number;
  /** [B][T] the input token ids. */
  tokens: number[][];
  attentionPath: AttentionPath;
  /** one per layer. */
  attention: AttentionTrace[];
  /** one per MoE layer, in layer order. */
  moe: MoeLayerTrace[];
  /** the token embeddings entering layer 0. [B·T, d] sampled */
  embedding: RowSample;
  /** one per layer: what its two blocks add to the residual stream. */
  stream: StreamTrace[];
  /** bytes held by the latent KV cache after this step; null without a cache. */
  cacheBytes: number | null;
}

/** What the model keeps while recording; owned by whoever holds it until readTrace/disposeTrace. */
/** RowSample before download: tensors [B·T, min(width, ROW_HEAD)] and [B·T]. */
export interface PendingRows {
  head: tf.Tensor2D;
  norm: tf.Tensor1D;
  width: number;
}

/** Keeps the leading ROW_HEAD entries and the ‖·‖₂ of each row of x [N, width] (call inside a tidy). */
export function sampleRows(x: tf.Tensor2D): PendingRows {
  const [n, width] = x.shape;
  return {
    head: tf.slice(x, [0, 0], [n, Math.min(width, ROW_HEAD)]), // [N, min(width, ROW_HEAD)]
    norm: tf.sqrt(tf.sum(tf.square(x), 1)) as tf.Tensor1D, // [N]
    width,
  };
}

/**
 * A trace whose values sit in a few packed tensors (the fused WebGPU decode, src/model/fused):
 * it downloads them and splits them on the host, so recording costs no extra GPU dispatch.
 */
export interface HostTrace {
  read(): Promise<Pick<ModelTrace, 'attention' | 'moe' | 'embedding' | 'stream'>>;
  dispose(): void;
}

/** A RowSample of the n rows of `width` values in data (sampleRows on the host). */
export function hostRows(data: Float32Array, n: number, width: number): RowSample {
  const w = Math.min(width, ROW_HEAD);
  const head = new Float32Array(n * w);
  const norm = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let ss = 0;
    for (let i = 0; i < width; i++) ss += data[r * width + i] * data[r * width + i];
    norm[r] = Math.sqrt(ss);
    head.set(data.subarray(r * width, r * width + w), r * w);
  }
  return { head: { shape: [n, w], data: head }, norm: { shape: [n], data: norm }, width };
}

export interface PendingTrace {
  /** set instead of the tensor fields by the fused WebGPU decode (its values, packed). */
  host?: HostTrace;
  meta: Omit<ModelTrace, 'attention' | 'moe' | 'tokens' | 'embedding' | 'stream'>;
  /** [B, T] int32 input ids. */
  ids: tf.Tensor2D;
  attention: { layer: number; record: MlaRecord; pathDiff: tf.Scalar | null }[];
  moe: { layer: number; out: MoeOutput }[];
  /** set by the model right after the embedding lookup. */
  embedding: PendingRows | null;
  stream: { layer: number; attn: PendingRows; ffn: PendingRows; out: PendingRows }[];
}

/** The tensors a pending trace holds besides its MoE outputs. */
function allTensors(p: PendingTrace): tf.Tensor[] {
  const out: tf.Tensor[] = [p.ids];
  for (const a of p.attention) {
    for (const t of Object.values(a.record)) if (t) out.push(t as tf.Tensor);
    if (a.pathDiff) out.push(a.pathDiff);
  }
  const rows = [...(p.embedding ? [p.embedding] : []), ...p.stream.flatMap((s) => [s.attn, s.ffn, s.out])];
  for (const r of rows) out.push(r.head, r.norm);
  return out;
}

/** Frees a pending trace without reading it. */
export function disposeTrace(p: PendingTrace | null): void {
  if (!p) return;
  p.host?.dispose();
  tf.dispose(allTensors(p));
  for (const { out } of p.moe) disposeMoeOutput(out);
}

async function read(t: tf.Tensor): Promise<TraceArray> {
  return { shape: [...t.shape], data: (await t.data()) as Float32Array };
}

async function readRows(r: PendingRows): Promise<RowSample> {
  const [head, norm] = await Promise.all([read(r.head), read(r.norm)]);
  return { head, norm, width: r.width };
}

async function readOrNull(t: tf.Tensor | null): Promise<TraceArray | null> {
  return t ? read(t) : null;
}

/**
 * Downloads a pending trace into plain arrays and disposes its tensors. The config is no longer
 * read (the trace computes no balance statistics); it stays so the callers need not change.
 */
export async function readTrace(_config: DeepseekV2Config, p: PendingTrace): Promise<ModelTrace> {
  try {
    if (p.host) {
      const tokens = (await p.ids.array()) as number[][];
      return { ...p.meta, tokens, ...(await p.host.read()) };
    }
    const attention = await Promise.all(
      p.attention.map(async ({ layer, record: r, pathDiff }): Promise<AttentionTrace> => {
        const [cQPreNorm, cQ] = await Promise.all([readOrNull(r.cQPreNorm), readOrNull(r.cQ)]);
        const [cKVPreNorm, cKV, kRPreRope, kR, qRPreRope, qR, probs, nopeLogits, ropeLogits] = await Promise.all(
          [r.cKVPreNorm, r.cKV, r.kRPreRope, r.kR, r.qRPreRope, r.qR, r.probs, r.nopeLogits, r.ropeLogits].map(read),
        );
        const diff = pathDiff ? (await pathDiff.data())[0] : null;
        return {
          layer,
          cQPreNorm,
          cQ,
          cKVPreNorm,
          cKV,
          kRPreRope,
          kR,
          qRPreRope,
          qR,
          probs,
          nopeLogits,
          ropeLogits,
          pathDiff: diff,
        };
      }),
    );
    const moe = await Promise.all(
      p.moe.map(async ({ layer, out }): Promise<MoeLayerTrace> => {
        const r = out.router;
        return { layer, topK: r.k, topkGroup: r.topkGroup, ...(await readMoeTrace(out)) };
      }),
    );
    if (!p.embedding) throw new Error('trace: the model recorded no embedding rows');
    const embedding = await readRows(p.embedding);
    const stream = await Promise.all(
      p.stream.map(async (s): Promise<StreamTrace> => {
        const [attn, ffn, out] = await Promise.all([readRows(s.attn), readRows(s.ffn), readRows(s.out)]);
        return { layer: s.layer, attn, ffn, out };
      }),
    );
    const tokens = (await p.ids.array()) as number[][];
    return { ...p.meta, tokens, attention, moe, embedding, stream };
  } finally {
    disposeTrace(p);
  }
}
