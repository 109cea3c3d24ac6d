/**
 * DeepSeek-V2 configuration: the Hugging Face `DeepseekV2Config` fields (snake_case, exactly as
 * they appear in a `config.json`), validation with errors that name the field, and presets.
 * See docs/model.md#notation and docs/model.md#config-and-checkpoints.
 */

/** YaRN long-context scaling (docs/model.md#yarn). Only `type: "yarn"` is supported. */
export interface RopeScaling {
  type: 'yarn';
  /** scale s: the context extension factor (40 for V2). */
  factor: number;
  /** context length the model was pre-trained at (4096 for V2). */
  original_max_position_embeddings: number;
  /** rotations above which a frequency pair is kept as is (32). */
  beta_fast: number;
  /** rotations below which a frequency pair is fully interpolated (1). */
  beta_slow: number;
  /** cos/sin amplitude numerator term (0.707). */
  mscale: number;
  /** softmax-scale term: σ is multiplied by mscale(factor, mscale_all_dim)² (0.707). */
  mscale_all_dim: number;
}

/** V2's greedy and group-limited top-K, or V3's bias-corrected group top-K (docs/model.md#deepseek-v3-routing). */
export type TopkMethod = 'greedy' | 'group_limited_greedy' | 'noaux_tc';

/** DeepSeek-V2 (softmax affinities) or DeepSeek-V3 (sigmoid affinities, a selection bias per expert). */
export type ModelType = 'deepseek_v2' | 'deepseek_v3';

/** Router scoring: V2's softmax over the routed experts, or V3's per-expert sigmoid. */
export type ScoringFunc = 'softmax' | 'sigmoid';

export interface DeepseekV2Config {
  model_type: ModelType;
  /** tokens in the vocabulary. */
  vocab_size: number;
  /** d: width of the residual stream. */
  hidden_size: number;
  /** d_ff: intermediate width of the dense SwiGLU MLP layers. */
  intermediate_size: number;
  /** d_ff^e: intermediate width of each routed expert (and of each shared expert). */
  moe_intermediate_size: number;
  /** l: number of decoder layers. */
  num_hidden_layers: number;
  /** n_h: attention heads. */
  num_attention_heads: number;
  /** N_s: shared experts every token uses (stored as one MLP of width N_s·d_ff^e). */
  n_shared_experts: number;
  /** N_r: fine-grained routed experts per MoE layer; null makes every layer dense. */
  n_routed_experts: number | null;
  /** K_r: routed experts chosen per token. */
  num_experts_per_tok: number;
  /** multiplies the gate values when they are not renormalised (16 for V2). */
  routed_scaling_factor: number;
  /** d_c: width of the joint KV latent c^KV. */
  kv_lora_rank: number;
  /** d_c': width of the query latent c^Q; null means a plain `q_proj`. */
  q_lora_rank: number | null;
  /** d_h: per-head width of the position-free ("nope") part of q and k. */
  qk_nope_head_dim: number;
  /** d_h^R: per-head width of the decoupled RoPE query and of the one shared RoPE key. */
  qk_rope_head_dim: number;
  /** d_v: per-head value width. */
  v_head_dim: number;
  /** expert selection: plain top-k, top-k inside the best `topk_group` groups (devices), or V3's noaux_tc (biased scores choose). */
  topk_method: TopkMethod;
  /** D: number of expert groups (devices); experts are split into contiguous blocks. */
  n_group: number;
  /** M: groups (devices) each token may reach. */
  topk_group: number;
  /** renormalise the chosen gate values to sum to 1 (V2: then routed_scaling_factor is not applied; V3: it still is). */
  norm_topk_prob: boolean;
  /** router scoring function: softmax over all routed experts (V2), or a sigmoid per expert (V3). */
  scoring_func: ScoringFunc;
  /** V3's multi-token-prediction modules (layers ≥ num_hidden_layers in a checkpoint); TinySeek ignores them. */
  num_nextn_predict_layers?: number;
  /** the first k layers use a dense MLP. */
  first_k_dense_replace: number;
  /** layer ℓ ≥ first_k_dense_replace is MoE when ℓ % moe_layer_freq == 0. */
  moe_layer_freq: number;
  /** α1: expert-level balance loss coefficient. */
  aux_loss_alpha: number;
  /** compute the expert-level balance loss per sequence, then average (true), or over the batch. */
  seq_aux: boolean;
  /** ε inside every RMSNorm. */
  rms_norm_eps: number;
  /** θ: RoPE base. */
  rope_theta: number;
  /** null, or YaRN scaling. */
  rope_scaling: RopeScaling | null;
  /** longest sequence the RoPE tables and the KV cache are built for. */
  max_position_embeddings: number;
  /** share the input embedding with lm_head (false for DeepSeek-V2). */
  tie_word_embeddings: boolean;
  /** std of the normal initialisation of weights. */
  initializer_range: number;
  bos_token_id?: number | null;
  eos_token_id?: number | null;
  /** α2: device-level balance loss coefficient (a TinySeek config extension, ignored by HF; docs/model.md#balance-in-training). */
  device_balance_alpha: number;
  /** α3: communication balance loss coefficient (a TinySeek config extension; docs/model.md#balance-in-training). */
  comm_balance_alpha: number;
  /** per-device capacity as a multiple of the average load, for token dropping in training; 0 = off. */
  device_capacity_factor: number;
  /** fraction of training sequences never dropped (docs/model.md#token-dropping). */
  no_drop_fraction: number;
  /**
   * A TinySeek config extension for the ablation baseline: "mha" replaces MLA by standard multi-head attention
   * with the same heads (src/model/mha.ts). Absent means MLA, as in every DeepSeek-V2 checkpoint.
   */
  attention_type?: 'mha';
}

/** A config error names the field that is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`config.${field}: ${message}`);
    this.name = 'ConfigError';
  }
}

const DEFAULTS: Omit<
  DeepseekV2Config,
  | 'vocab_size'
  | 'hidden_size'
  | 'intermediate_size'
  | 'moe_intermediate_size'
  | 'num_hidden_layers'
  | 'num_attention_heads'
> = {
  model_type: 'deepseek_v2',
  n_shared_experts: 2,
  n_routed_experts: 16,
  num_experts_per_tok: 4,
  routed_scaling_factor: 1,
  kv_lora_rank: 64,
  q_lora_rank: null,
  qk_nope_head_dim: 16,
  qk_rope_head_dim: 8,
  v_head_dim: 16,
  topk_method: 'greedy',
  n_group: 1,
  topk_group: 1,
  norm_topk_prob: false,
  scoring_func: 'softmax',
  first_k_dense_replace: 0,
  moe_layer_freq: 1,
  aux_loss_alpha: 0.001,
  seq_aux: true,
  rms_norm_eps: 1e-6,
  rope_theta: 10000,
  rope_scaling: null,
  max_position_embeddings: 2048,
  tie_word_embeddings: false,
  initializer_range: 0.02,
  device_balance_alpha: 0,
  comm_balance_alpha: 0,
  device_capacity_factor: 0,
  no_drop_fraction: 0.1,
};

const REQUIRED_INTS = [
  'vocab_size',
  'hidden_size',
  'intermediate_size',
  'moe_intermediate_size',
  'num_hidden_layers',
  'num_attention_heads',
] as const;

type Json = Record<string, unknown>;

function positiveInt(raw: Json, field: string, allowZero = false): number {
  const v = raw[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new ConfigError(
      field,
      `expected a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function finiteNumber(raw: Json, field: string, min = -Infinity): number {
  const v = raw[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new ConfigError(field, `expected a number ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function bool(raw: Json, field: string): boolean {
  const v = raw[field];
  if (typeof v !== 'boolean') throw new ConfigError(field, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

function parseRopeScaling(v: unknown): RopeScaling | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') throw new ConfigError('rope_scaling', 'expected null or an object');
  const r = v as Json;
  const type = r.type ?? r.rope_type;
  if (type === 'default') return null;
  if (type !== 'yarn') throw new ConfigError('rope_scaling', `only "yarn" is supported, got ${JSON.stringify(type)}`);
  const num = (k: string, d: number) => {
    const x = r[k] ?? d;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ConfigError(`rope_scaling.${k}`, 'expected a number');
    return x;
  };
  return {
    type: 'yarn',
    factor: num('factor', 1),
    original_max_position_embeddings: num('original_max_position_embeddings', 4096),
    beta_fast: num('beta_fast', 32),
    beta_slow: num('beta_slow', 1),
    mscale: num('mscale', 1),
    mscale_all_dim: num('mscale_all_dim', 0),
  };
}

/**
 * d_c. Hugging Face's DeepseekV2Attention always builds kv_a_proj_with_mqa and kv_b_proj from
 * kv_lora_rank (null breaks it, and there is no MHA path), so an MLA config must name it; only
 * TinySeek's MHA baseline (`attention_type: "mha"`, see usesMha) has no latent and may leave it out.
 */
function kvLoraRank(input: Json, raw: Json): number {
  const mha = raw.attention_type === 'mha';
  if (input.kv_lora_rank === undefined || input.kv_lora_rank === null) {
    if (mha) return DEFAULTS.kv_lora_rank;
    throw new ConfigError(
      'kv_lora_rank',
      `is ${input.kv_lora_rank === null ? 'null' : 'missing'}; MLA needs the width d_c of its KV latent`,
    );
  }
  return positiveInt(raw, 'kv_lora_rank');
}

/** What a `deepseek_v3` config.json means when it leaves a routing field out (Hugging Face's DeepseekV3Config defaults). */
const V3_DEFAULTS: Json = {
  scoring_func: 'sigmoid',
  topk_method: 'noaux_tc',
  norm_topk_prob: true,
  num_nextn_predict_layers: 0,
};

/**
 * V2 routes with softmax and greedy or group-limited top-K; V3 with sigmoid scores and noaux_tc
 * (Hugging Face's DeepseekV3 MoEGate implements nothing else), so a mix is refused.
 */
function checkRouting(raw: Json, v3: boolean): void {
  const [scoring, methods] = v3 ? ['sigmoid', ['noaux_tc']] : ['softmax', ['greedy', 'group_limited_greedy']];
  const model = v3 ? 'DeepSeek-V3' : 'DeepSeek-V2';
  if (!methods.includes(raw.topk_method as string)) {
    throw new ConfigError(
      'topk_method',
      `${model} routes with ${methods.map((m) => `"${m}"`).join(' or ')}, got ${JSON.stringify(raw.topk_method)}`,
    );
  }
  if (raw.scoring_func !== scoring) {
    throw new ConfigError('scoring_func', `${model} scores with "${scoring}", got ${JSON.stringify(raw.scoring_func)}`);
  }
}

/** True when the router adds a per-expert bias (`mlp.gate.e_score_correction_bias`) to choose experts: V3's noaux_tc. */
export function usesRouterBias(c: DeepseekV2Config): boolean {
  return c.topk_method === 'noaux_tc';
}

/**
 * Parses a Hugging Face `config.json` object (or a partial config over the defaults) into a
 * validated config. Accepts the old "gready" spelling and the newer `rope_parameters` layout.
 * Throws ConfigError naming the first bad field.
 */
export function parseConfig(input: unknown): DeepseekV2Config {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError('(root)', 'expected a JSON object');
  }
  const v3 = (input as Json).model_type === 'deepseek_v3';
  const raw: Json = { ...(DEFAULTS as unknown as Json), ...(v3 ? V3_DEFAULTS : {}), ...(input as Json) };
  if (raw.model_type !== 'deepseek_v2' && !v3) {
    throw new ConfigError(
      'model_type',
      `expected "deepseek_v2" or "deepseek_v3", got ${JSON.stringify(raw.model_type)}`,
    );
  }
  const ropeParams = (input as Json).rope_parameters as Json | undefined;
  if (ropeParams && typeof ropeParams === 'object') {
    if ((input as Json).rope_theta === undefined && typeof ropeParams.rope_theta === 'number')
      raw.rope_theta = ropeParams.rope_theta;
    if ((input as Json).rope_scaling === undefined) raw.rope_scaling = ropeParams;
  }
  for (const f of REQUIRED_INTS) {
    if ((input as Json)[f] === undefined) throw new ConfigError(f, 'is required');
    positiveInt(raw, f);
  }
  if (raw.topk_method === 'gready') raw.topk_method = 'greedy';
  checkRouting(raw, v3);
  const c: DeepseekV2Config = {
    model_type: v3 ? 'deepseek_v3' : 'deepseek_v2',
    vocab_size: positiveInt(raw, 'vocab_size'),
    hidden_size: positiveInt(raw, 'hidden_size'),
    intermediate_size: positiveInt(raw, 'intermediate_size'),
    moe_intermediate_size: positiveInt(raw, 'moe_intermediate_size'),
    num_hidden_layers: positiveInt(raw, 'num_hidden_layers'),
    num_attention_heads: positiveInt(raw, 'num_attention_heads'),
    n_shared_experts: raw.n_shared_experts === null ? 0 : positiveInt(raw, 'n_shared_experts', true),
    n_routed_experts: raw.n_routed_experts === null ? null : positiveInt(raw, 'n_routed_experts'),
    num_experts_per_tok: positiveInt(raw, 'num_experts_per_tok'),
    routed_scaling_factor: finiteNumber(raw, 'routed_scaling_factor', 0),
    kv_lora_rank: kvLoraRank(input as Json, raw),
    q_lora_rank: raw.q_lora_rank === null ? null : positiveInt(raw, 'q_lora_rank'),
    qk_nope_head_dim: positiveInt(raw, 'qk_nope_head_dim'),
    qk_rope_head_dim: positiveInt(raw, 'qk_rope_head_dim'),
    v_head_dim: positiveInt(raw, 'v_head_dim'),
    topk_method: raw.topk_method as TopkMethod,
    n_group: raw.n_group === null ? 1 : positiveInt(raw, 'n_group'),
    topk_group: raw.topk_group === null ? 1 : positiveInt(raw, 'topk_group'),
    norm_topk_prob: bool(raw, 'norm_topk_prob'),
    scoring_func: raw.scoring_func as ScoringFunc,
    first_k_dense_replace: positiveInt(raw, 'first_k_dense_replace', true),
    moe_layer_freq: positiveInt(raw, 'moe_layer_freq'),
    aux_loss_alpha: finiteNumber(raw, 'aux_loss_alpha', 0),
    seq_aux: bool(raw, 'seq_aux'),
    rms_norm_eps: finiteNumber(raw, 'rms_norm_eps', 0),
    rope_theta: finiteNumber(raw, 'rope_theta', Number.MIN_VALUE),
    rope_scaling: parseRopeScaling(raw.rope_scaling),
    max_position_embeddings: positiveInt(raw, 'max_position_embeddings'),
    tie_word_embeddings: bool(raw, 'tie_word_embeddings'),
    initializer_range: finiteNumber(raw, 'initializer_range', 0),
    bos_token_id: (raw.bos_token_id as number | null | undefined) ?? null,
    eos_token_id: (raw.eos_token_id as number | null | undefined) ?? null,
    device_balance_alpha: finiteNumber(raw, 'device_balance_alpha', 0),
    comm_balance_alpha: finiteNumber(raw, 'comm_balance_alpha', 0),
    device_capacity_factor: finiteNumber(raw, 'device_capacity_factor', 0),
    no_drop_fraction: finiteNumber(raw, 'no_drop_fraction', 0),
  };
  if (v3) c.num_nextn_predict_layers = positiveInt(raw, 'num_nextn_predict_layers', true);
  if (raw.attention_type === 'mha') c.attention_type = 'mha';
  else if (raw.attention_type !== undefined && raw.attention_type !== 'mla') {
    throw new ConfigError('attention_type', `expected "mla" or "mha", got ${JSON.stringify(raw.attention_type)}`);
  }
  if (c.qk_rope_head_dim % 2 !== 0)
    throw new ConfigError('qk_rope_head_dim', `must be even for RoPE pairs, got ${c.qk_rope_head_dim}`);
  if (c.no_drop_fraction > 1) throw new ConfigError('no_drop_fraction', 'must be between 0 and 1');
  for (const id of ['bos_token_id', 'eos_token_id'] as const) {
    const v = c[id];
    if (v !== null && v !== undefined && (!Number.isInteger(v) || v < 0 || v >= c.vocab_size)) {
      throw new ConfigError(id, `must be a token id below vocab_size (${c.vocab_size}), got ${v}`);
    }
  }
  if (c.n_routed_experts !== null) {
    const nr = c.n_routed_experts;
    if (nr % c.n_group !== 0) {
      throw new ConfigError(
        'n_routed_experts',
        `${nr} experts cannot be split evenly into n_group = ${c.n_group} groups`,
      );
    }
    if (c.topk_group > c.n_group) {
      throw new ConfigError('topk_group', `${c.topk_group} is more than n_group = ${c.n_group}`);
    }
    if (c.topk_method === 'noaux_tc' && nr / c.n_group < 2) {
      throw new ConfigError(
        'n_group',
        `noaux_tc ranks each group by its two best experts; ${nr} experts in ${c.n_group} groups leave ${nr / c.n_group}`,
      );
    }
    const limited = c.topk_method !== 'greedy';
    const reachable = limited ? c.topk_group * (nr / c.n_group) : nr;
    if (c.num_experts_per_tok > reachable) {
      throw new ConfigError(
        'num_experts_per_tok',
        `${c.num_experts_per_tok} is more than the ${reachable} experts the groups allow` +
          (limited ? ` (topk_group ${c.topk_group} × ${nr / c.n_group} experts per group)` : ''),
      );
    }
  }
  return c;
}

/** Layer ℓ is MoE iff experts exist, ℓ ≥ first_k_dense_replace and ℓ % moe_layer_freq == 0 (docs/model.md#which-layers-are-moe). */
export function isMoeLayer(c: DeepseekV2Config, layer: number): boolean {
  return c.n_routed_experts !== null && layer >= c.first_k_dense_replace && layer % c.moe_layer_freq === 0;
}

/** True when the config asks for the MHA baseline (src/model/mha.ts) instead of MLA. */
export function usesMha(c: DeepseekV2Config): boolean {
  return c.attention_type === 'mha';
}

/** The RoPE width: the whole MHA head (d_h), or MLA's decoupled d_h^R. */
export function ropeDim(c: DeepseekV2Config): number {
  return usesMha(c) ? c.qk_nope_head_dim : c.qk_rope_head_dim;
}

/** d_h + d_h^R: the width every query and key head attends with. */
export function qHeadDim(c: DeepseekV2Config): number {
  return c.qk_nope_head_dim + c.qk_rope_head_dim;
}

/** YaRN's attention temperature term: 0.1·m·ln(s) + 1 for s > 1, else 1 (docs/model.md#softmax-scale). */
export function yarnMscale(scale: number, m: number): number {
  return scale <= 1 ? 1 : 0.1 * m * Math.log(scale) + 1;
}

/** σ: the softmax scale, 1/√(d_h + d_h^R), times mscale² when YaRN with mscale_all_dim is set. */
export function softmaxScale(c: DeepseekV2Config): number {
  let s = 1 / Math.sqrt(qHeadDim(c));
  const r = c.rope_scaling;
  if (r && r.mscale_all_dim) {
    const m = yarnMscale(r.factor, r.mscale_all_dim);
    s *= m * m;
  }
  return s;
}

/** The config as a `config.json` object (Hugging Face field names, plus TinySeek's extensions, docs/model.md#config-and-checkpoints). */
export function toConfigJson(c: DeepseekV2Config): Record<string, unknown> {
  return {
    architectures: [c.model_type === 'deepseek_v3' ? 'DeepseekV3ForCausalLM' : 'DeepseekV2ForCausalLM'],
    ...c,
    num_key_value_heads: c.num_attention_heads,
    hidden_act: 'silu',
    attention_bias: false,
    attention_dropout: 0,
    torch_dtype: 'float32',
  };
}
