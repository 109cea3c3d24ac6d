/**
 * Sizes computed from a config: KV-cache elements per token (docs/model.md#latent-kv-cache, docs/model.md#presets) and parameter counts,
 * total and activated per token (docs/model.md#sizes, docs/model.md#presets).
 */
import { isMoeLayer, qHeadDim, usesMha, usesRouterBias, type DeepseekV2Config } from './config';

/** KV-cache elements per token per layer for MLA and for the attention variants it replaces. */
export interface KvCacheSizes {
  /** MLA: the latent c^KV and the shared RoPE key k^R, d_c + d_h^R. */
  mla: number;
  /** multi-head attention with the same heads: 2·n_h·d_h. */
  mha: number;
  /** grouped-query attention with `gqaGroups` KV heads: 2·n_g·d_h. */
  gqa: number;
  /** multi-query attention, one KV head: 2·d_h. */
  mqa: number;
  /** the reference PyTorch code's expanded cache: K n_h·(d_h + d_h^R) plus V n_h·d_v. */
  naive: number;
}

/**
 * Elements per token per layer (multiply by num_hidden_layers for the model, by bytes per element
 * for memory). The MHA/GQA/MQA baselines use the paper's single head width d_h = qk_nope_head_dim
 * for both K and V (DeepSeek-V2 eqs. (1)–(8) and Table 1); d_v equals d_h in every DeepSeek config.
 */
export function kvCacheElementsPerTokenPerLayer(c: DeepseekV2Config, gqaGroups = 2): KvCacheSizes {
  if (!Number.isInteger(gqaGroups) || gqaGroups < 1) {
    throw new RangeError(`gqaGroups must be a positive integer, got ${gqaGroups}`);
  }
  const nh = c.num_attention_heads;
  const dh = c.qk_nope_head_dim;
  return {
    mla: c.kv_lora_rank + c.qk_rope_head_dim,
    mha: 2 * nh * dh,
    gqa: 2 * gqaGroups * dh,
    mqa: 2 * dh,
    naive: nh * qHeadDim(c) + nh * c.v_head_dim,
  };
}

/** The same sizes for the whole model: per-layer elements × num_hidden_layers. */
export function kvCacheElementsPerToken(c: DeepseekV2Config, gqaGroups = 2): KvCacheSizes {
  const per = kvCacheElementsPerTokenPerLayer(c, gqaGroups);
  const l = c.num_hidden_layers;
  return { mla: per.mla * l, mha: per.mha * l, gqa: per.gqa * l, mqa: per.mqa * l, naive: per.naive * l };
}

export interface ParameterCounts {
  /** every parameter, equal to the sum over expectedShapes. */
  total: number;
  /** used per token: everything except the input embedding, the unchosen routed experts. */
  activated: number;
  /** model.embed_tokens. */
  embedding: number;
  /** lm_head (0 when tied to the embedding). */
  lmHead: number;
  /** per layer: q/kv projections, the two latent norms and o_proj (not input_layernorm). */
  attentionPerLayer: number[];
  /** per layer: the dense MLP, or router + all routed experts + shared experts. */
  ffnPerLayer: number[];
  /** per layer: the dense MLP, or router + num_experts_per_tok routed experts + shared experts. */
  activatedFfnPerLayer: number[];
  /** RMSNorm gains outside attention: input and post-attention norms of every layer, and model.norm. */
  norms: number;
}

/** SwiGLU MLP of width w on a d-wide stream: gate, up [w, d] and down [d, w]. */
const mlp = (d: number, w: number) => 3 * d * w;

/** Parameters of one attention block: MLA (docs/model.md#checkpoint-format), or the MHA baseline's q, k, v, o. */
function attentionParams(c: DeepseekV2Config): number {
  const d = c.hidden_size;
  const nh = c.num_attention_heads;
  if (usesMha(c)) return 2 * nh * c.qk_nope_head_dim * d + 2 * nh * c.v_head_dim * d;
  const q =
    c.q_lora_rank === null
      ? nh * qHeadDim(c) * d // q_proj
      : c.q_lora_rank * d + c.q_lora_rank + nh * qHeadDim(c) * c.q_lora_rank; // q_a_proj, q_a_layernorm, q_b_proj
  const kv =
    (c.kv_lora_rank + c.qk_rope_head_dim) * d + // kv_a_proj_with_mqa
    c.kv_lora_rank + // kv_a_layernorm
    nh * (c.qk_nope_head_dim + c.v_head_dim) * c.kv_lora_rank; // kv_b_proj
  const o = d * nh * c.v_head_dim;
  return q + kv + o;
}

/** One layer's FFN: the dense MLP, or router + routed experts (all, or the K chosen) + shared experts. */
function ffnParams(c: DeepseekV2Config, moe: boolean): { all: number; activated: number } {
  const d = c.hidden_size;
  if (!moe) return { all: mlp(d, c.intermediate_size), activated: mlp(d, c.intermediate_size) };
  const nr = c.n_routed_experts as number;
  const expert = mlp(d, c.moe_intermediate_size);
  const router = nr * d + (usesRouterBias(c) ? nr : 0); // centroids e_i (and V3's bias b_i)
  const shared = c.n_shared_experts > 0 ? mlp(d, c.n_shared_experts * c.moe_intermediate_size) : 0;
  return { all: router + nr * expert + shared, activated: router + c.num_experts_per_tok * expert + shared };
}

/** How many layers are MoE (isMoeLayer), counted without walking the layers. */
export function moeLayerCount(c: DeepseekV2Config): number {
  const [k, f, l] = [c.first_k_dense_replace, c.moe_layer_freq, c.num_hidden_layers];
  if (c.n_routed_experts === null || k >= l) return 0;
  return Math.floor((l - 1) / f) - Math.ceil(k / f) + 1; // multiples of f in [k, l)
}

/**
 * Every parameter, in closed form (no per-layer arrays), so any config, however large, is sized
 * at once before anything is allocated. Equal to parameterCounts(c).total.
 */
export function totalParameters(c: DeepseekV2Config): number {
  const d = c.hidden_size;
  const moe = moeLayerCount(c);
  const dense = c.num_hidden_layers - moe;
  const head = (c.tie_word_embeddings ? 1 : 2) * c.vocab_size * d;
  const layers =
    c.num_hidden_layers * attentionParams(c) + moe * ffnParams(c, true).all + dense * ffnParams(c, false).all;
  return head + layers + (2 * c.num_hidden_layers + 1) * d;
}

/** How many weight tensors the checkpoint holds (expectedShapes(c).size), in closed form. */
export function tensorCount(c: DeepseekV2Config): number {
  const q = c.q_lora_rank === null ? 1 : 3; // q_proj, or q_a_proj, q_a_layernorm, q_b_proj
  const attention = usesMha(c) ? 4 : q + 4; // + kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj, o_proj
  const moe = moeLayerCount(c);
  const moeFfn = 1 + 3 * ((c.n_routed_experts ?? 0) + (c.n_shared_experts > 0 ? 1 : 0));
  const perLayer = 2 + attention; // + the two RMSNorms
  return (
    (c.tie_word_embeddings ? 2 : 3) + c.num_hidden_layers * perLayer + moe * moeFfn + (c.num_hidden_layers - moe) * 3
  );
}

/**
 * Parameter counts. `activated` follows the paper's convention (docs/model.md#sizes): it counts lm_head but
 * not the input embedding, which is a lookup rather than a matmul. With tied embeddings the shared
 * matrix is counted once in `total` and once (as the output projection) in `activated`.
 */
export function parameterCounts(c: DeepseekV2Config): ParameterCounts {
  const d = c.hidden_size;
  const embedding = c.vocab_size * d;
  const lmHead = c.tie_word_embeddings ? 0 : c.vocab_size * d;
  const attention = attentionParams(c);
  const attentionPerLayer: number[] = [];
  const ffnPerLayer: number[] = [];
  const activatedFfnPerLayer: number[] = [];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    attentionPerLayer.push(attention);
    const ffn = ffnParams(c, isMoeLayer(c, l));
    ffnPerLayer.push(ffn.all);
    activatedFfnPerLayer.push(ffn.activated);
  }
  const norms = (2 * c.num_hidden_layers + 1) * d;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const attn = sum(attentionPerLayer);
  return {
    total: totalParameters(c),
    // the output projection is used per token whether it is lm_head or the tied embedding
    activated: c.vocab_size * d + attn + sum(activatedFfnPerLayer) + norms,
    embedding,
    lmHead,
    attentionPerLayer,
    ffnPerLayer,
    activatedFfnPerLayer,
    norms,
  };
}
