/**
 * Host-side weights: every tensor of a DeepSeek-V2 checkpoint by its Hugging Face name, with its
 * [out, in] shape (docs/model.md#checkpoint-format), a seeded initialisation and a validator whose errors name the tensor.
 */
import { isMoeLayer, qHeadDim, usesMha, usesRouterBias, type DeepseekV2Config } from './config';
import { Rng } from './rng';

/** A tensor on the host: row-major float32 data. Linear weights are [out, in]. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** Tensors by Hugging Face name, e.g. `model.layers.0.self_attn.kv_b_proj.weight`. */
export type HostWeights = Map<string, HostTensor>;

/** Buffers that some checkpoints carry but the model recomputes (docs/model.md#checkpoint-format): ignored when loading. */
export const IGNORED_TENSOR = /rotary_emb\.inv_freq$/;

/** dtypes a checkpoint may store weights in (they are decoded to float32 on load). */
const LOADABLE_DTYPES = ['F32', 'F16', 'BF16'];

/** One SwiGLU MLP of intermediate width `width`: gate/up [width, d], down [d, width]. */
function addMlp(out: Map<string, number[]>, prefix: string, d: number, width: number): void {
  out.set(`${prefix}.gate_proj.weight`, [width, d]);
  out.set(`${prefix}.up_proj.weight`, [width, d]);
  out.set(`${prefix}.down_proj.weight`, [d, width]);
}

/** One MLA block (docs/model.md#checkpoint-format). */
function addMla(out: Map<string, number[]>, a: string, c: DeepseekV2Config): void {
  const [d, nh] = [c.hidden_size, c.num_attention_heads];
  if (c.q_lora_rank !== null) {
    out.set(`${a}.q_a_proj.weight`, [c.q_lora_rank, d]); // W^DQ
    out.set(`${a}.q_a_layernorm.weight`, [c.q_lora_rank]);
    out.set(`${a}.q_b_proj.weight`, [nh * qHeadDim(c), c.q_lora_rank]); // [W^UQ; W^QR] per head
  } else {
    out.set(`${a}.q_proj.weight`, [nh * qHeadDim(c), d]);
  }
  // [W^DKV; W^KR]: latent rows first, then the one shared RoPE key.
  out.set(`${a}.kv_a_proj_with_mqa.weight`, [c.kv_lora_rank + c.qk_rope_head_dim, d]);
  out.set(`${a}.kv_a_layernorm.weight`, [c.kv_lora_rank]);
  // [W^UK; W^UV] per head, head-major.
  out.set(`${a}.kv_b_proj.weight`, [nh * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank]);
  out.set(`${a}.o_proj.weight`, [d, nh * c.v_head_dim]);
}

/** The MHA baseline (mha.ts), under Llama's names, one head width d_h. */
function addMha(out: Map<string, number[]>, a: string, c: DeepseekV2Config): void {
  const [d, nh] = [c.hidden_size, c.num_attention_heads];
  out.set(`${a}.q_proj.weight`, [nh * c.qk_nope_head_dim, d]);
  out.set(`${a}.k_proj.weight`, [nh * c.qk_nope_head_dim, d]);
  out.set(`${a}.v_proj.weight`, [nh * c.v_head_dim, d]);
  out.set(`${a}.o_proj.weight`, [d, nh * c.v_head_dim]);
}

/**
 * Every tensor the model has, in a fixed order (embedding, then each layer's attention and FFN,
 * then the final norm and lm_head), with its exact Hugging Face name and shape (docs/model.md#checkpoint-format).
 */
export function expectedShapes(c: DeepseekV2Config): Map<string, number[]> {
  const d = c.hidden_size;
  const out = new Map<string, number[]>();
  out.set('model.embed_tokens.weight', [c.vocab_size, d]);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    out.set(`${p}.input_layernorm.weight`, [d]);
    if (usesMha(c)) addMha(out, `${p}.self_attn`, c);
    else addMla(out, `${p}.self_attn`, c);
    out.set(`${p}.post_attention_layernorm.weight`, [d]);
    if (isMoeLayer(c, l)) {
      const nr = c.n_routed_experts as number; // isMoeLayer implies experts exist
      out.set(`${p}.mlp.gate.weight`, [nr, d]); // router centroids e_i
      if (usesRouterBias(c)) out.set(`${p}.mlp.gate.e_score_correction_bias`, [nr]); // V3's selection bias b_i
      for (let i = 0; i < nr; i++) addMlp(out, `${p}.mlp.experts.${i}`, d, c.moe_intermediate_size);
      if (c.n_shared_experts > 0) {
        addMlp(out, `${p}.mlp.shared_experts`, d, c.n_shared_experts * c.moe_intermediate_size);
      }
    } else {
      addMlp(out, `${p}.mlp`, d, c.intermediate_size);
    }
  }
  out.set('model.norm.weight', [d]);
  if (!c.tie_word_embeddings) out.set('lm_head.weight', [c.vocab_size, d]);
  return out;
}

/** RMSNorm gains: the final norm, the two per-layer norms and the two latent norms inside MLA. */
export function isNormWeight(name: string): boolean {
  return name === 'model.norm.weight' || /layernorm\.weight$/.test(name);
}

/** V3's selection bias, which starts at 0 (docs/model.md#deepseek-v3-routing). */
export function isRouterBias(name: string): boolean {
  return name.endsWith('.mlp.gate.e_score_correction_bias');
}

/**
 * A tensor of one of V3's multi-token-prediction modules: layer index ≥ num_hidden_layers, in a
 * config that declares them (num_nextn_predict_layers). TinySeek predicts one token and skips them.
 */
export function isMtpTensor(c: DeepseekV2Config, name: string): boolean {
  const m = /^model\.layers\.(\d+)\./.exec(name);
  return !!c.num_nextn_predict_layers && m !== null && Number(m[1]) >= c.num_hidden_layers;
}

/** The one-line note a load gives when it skips multi-token-prediction tensors (null when there are none). */
export function mtpNote(c: DeepseekV2Config, names: Iterable<string>): string | null {
  let n = 0;
  for (const name of names) if (isMtpTensor(c, name)) n++;
  return n === 0
    ? null
    : `note: ${n} multi-token-prediction tensors (num_nextn_predict_layers ${c.num_nextn_predict_layers}) are ignored; TinySeek predicts the next token only`;
}

/** Number of elements of a tensor of this shape. */
export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Fresh weights: N(0, initializer_range) for every matrix and the embedding, ones for every norm
 * (as the reference `_init_weights` does). Deterministic in the seed: tensors are filled in
 * expectedShapes order from one generator.
 */
export function initWeights(c: DeepseekV2Config, seed: number): HostWeights {
  const rng = new Rng(seed);
  const std = c.initializer_range;
  const w: HostWeights = new Map();
  for (const [name, shape] of expectedShapes(c)) {
    const data = new Float32Array(numel(shape));
    if (isNormWeight(name)) data.fill(1);
    else if (!isRouterBias(name)) for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std; // the bias starts at 0, drawing nothing
    w.set(name, { shape, data });
  }
  return w;
}

/** A checkpoint that does not fit the config. `tensor` names the offending tensor. */
export class WeightsError extends Error {
  constructor(
    readonly tensor: string,
    message: string,
  ) {
    super(message);
    this.name = 'WeightsError';
  }
}

const fmt = (shape: readonly number[]) => `[${shape.join(',')}]`;

/**
 * Checks that `w` holds exactly the tensors the config needs, with the right shapes (and, when a
 * tensor carries data, the right number of elements). Tensors matching IGNORED_TENSOR are allowed
 * extras, and so are V3's multi-token-prediction tensors (isMtpTensor). Throws a WeightsError with a one-line message for the first problem, in expectedShapes
 * order, then unexpected tensors in `w`'s order.
 */
export function validateWeights(
  c: DeepseekV2Config,
  w: Map<string, { shape: number[]; dtype?: string; data?: ArrayLike<number> }>,
): void {
  const expected = expectedShapes(c);
  for (const [name, shape] of expected) {
    const t = w.get(name);
    if (t === undefined) throw new WeightsError(name, `missing tensor ${name}`);
    if (t.shape.length !== shape.length || t.shape.some((n, i) => n !== shape[i])) {
      throw new WeightsError(name, `${name}: expected shape ${fmt(shape)}, got ${fmt(t.shape)}`);
    }
    if (t.dtype !== undefined && !LOADABLE_DTYPES.includes(t.dtype)) {
      throw new WeightsError(name, `${name}: unsupported dtype ${t.dtype} (expected F32, F16 or BF16)`);
    }
    if (t.data !== undefined && t.data.length !== numel(shape)) {
      throw new WeightsError(name, `${name}: shape ${fmt(shape)} needs ${numel(shape)} values, got ${t.data.length}`);
    }
  }
  for (const name of w.keys()) {
    if (!expected.has(name) && !IGNORED_TENSOR.test(name) && !isMtpTensor(c, name)) {
      throw new WeightsError(name, `unexpected tensor ${name}`);
    }
  }
}
