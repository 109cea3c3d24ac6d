/**
 * MLA's latent KV cache (docs/model.md#latent-kv-cache): per layer only c^KV (after kv_a_layernorm) [S, d_c] and the
 * shared RoPE key k^R (after RoPE, at its own position) [S, d_h^R] per cached token — never the
 * per-head keys and values. One sequence. It grows by concatenation, so it holds exactly the
 * cached tokens and bytes() is (d_c + d_h^R)·layers·tokens·4 for float32.
 *
 * For the MHA baseline (mha.ts) the same two slots hold every head's key [S, n_h·d_h] and value
 * [S, n_h·d_v]: 2·n_h·d_h values per token per layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usesMha, type DeepseekV2Config } from './config';

export class KvCache {
  private readonly latents: (tf.Tensor2D | null)[];
  private readonly ropeKeys: (tf.Tensor2D | null)[];
  private disposed = false;
  /** widths of the two slots per token: [d_c, d_h^R] for MLA, [n_h·d_h, n_h·d_v] for MHA. */
  private readonly widths: [number, number];

  /** An empty cache for the layers of `c`. */
  constructor(readonly config: DeepseekV2Config) {
    this.latents = new Array(config.num_hidden_layers).fill(null);
    this.ropeKeys = new Array(config.num_hidden_layers).fill(null);
    const nh = config.num_attention_heads;
    this.widths = usesMha(config)
      ? [nh * config.qk_nope_head_dim, nh * config.v_head_dim]
      : [config.kv_lora_rank, config.qk_rope_head_dim];
  }

  /** Tokens cached in the last layer: the position the next token will take once a step completes. */
  get length(): number {
    return this.latents[this.latents.length - 1]?.shape[0] ?? 0;
  }

  /** Tokens cached in `layer` (during a step, layers before the current one are already ahead). */
  layerLength(layer: number): number {
    return this.latents[layer]?.shape[0] ?? 0;
  }

  /** c^KV of every cached token of `layer`: [S, d_c], or null when empty. Owned by the cache. */
  latent(layer: number): tf.Tensor2D | null {
    return this.latents[layer];
  }

  /** k^R (post-RoPE) of every cached token of `layer`: [S, d_h^R], or null when empty. Owned by the cache. */
  ropeKey(layer: number): tf.Tensor2D | null {
    return this.ropeKeys[layer];
  }

  /**
   * Appends new tokens' c^KV [T, d_c] and k^R [T, d_h^R] to `layer`. The cache keeps its own
   * copies (safe inside tf.tidy); the inputs stay the caller's.
   */
  append(layer: number, latent: tf.Tensor2D, ropeKey: tf.Tensor2D): void {
    if (this.disposed) throw new Error('KvCache: used after dispose()');
    const [dc, dr] = this.widths;
    if (latent.shape[1] !== dc || ropeKey.shape[1] !== dr || latent.shape[0] !== ropeKey.shape[0]) {
      throw new Error(`KvCache: expected [T, ${dc}] and [T, ${dr}], got [${latent.shape}] and [${ropeKey.shape}]`);
    }
    this.latents[layer] = grow(this.latents[layer], latent); // [S + T, d_c]
    this.ropeKeys[layer] = grow(this.ropeKeys[layer], ropeKey); // [S + T, d_h^R]
  }

  /**
   * Replaces `layer`'s two slots by tensors that hold the cached rows plus new ones, grown by the
   * caller (the fused WebGPU decode writes them in its own kernels, src/model/fused). The cache
   * keeps them (safe inside tf.tidy) and frees the old slots.
   */
  replaceLayer(layer: number, latent: tf.Tensor2D, ropeKey: tf.Tensor2D): void {
    if (this.disposed) throw new Error('KvCache: used after dispose()');
    const [dc, dr] = this.widths;
    const rows = this.layerLength(layer);
    if (
      latent.shape[1] !== dc ||
      ropeKey.shape[1] !== dr ||
      latent.shape[0] !== ropeKey.shape[0] ||
      latent.shape[0] < rows
    ) {
      throw new Error(
        `KvCache: expected [S ≥ ${rows}, ${dc}] and [S, ${dr}], got [${latent.shape}] and [${ropeKey.shape}]`,
      );
    }
    this.latents[layer]?.dispose();
    this.ropeKeys[layer]?.dispose();
    this.latents[layer] = tf.keep(latent);
    this.ropeKeys[layer] = tf.keep(ropeKey);
  }

  /** Bytes the cache really holds: the element count of its tensors times the bytes per element. */
  bytes(): number {
    let n = 0;
    for (const t of [...this.latents, ...this.ropeKeys]) if (t) n += t.size * bytesPerElement(t.dtype);
    return n;
  }

  /** Frees every cached tensor; the cache is empty and unusable afterwards. */
  dispose(): void {
    for (const t of [...this.latents, ...this.ropeKeys]) t?.dispose();
    this.latents.fill(null);
    this.ropeKeys.fill(null);
    this.disposed = true;
  }
}

function grow(old: tf.Tensor2D | null, rows: tf.Tensor2D): tf.Tensor2D {
  const next = tf.keep(old ? tf.concat([old, rows], 0) : tf.clone(rows)); // [S + T, n]
  old?.dispose();
  return next;
}

function bytesPerElement(dtype: tf.DataType): number {
  return dtype === 'bool' ? 1 : 4; // float32 and int32 are 4 bytes in every tfjs backend
}
