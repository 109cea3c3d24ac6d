/**
 * Named configs: the shipped TinySeek model, tiny test models, and the real DeepSeek-V2 and
 * V2-Lite configs (docs/model.md#config-and-checkpoints), so their sizes can be computed. All go through parseConfig.
 */
import { parseConfig, type DeepseekV2Config } from './config';

const YARN_V2 = {
  type: 'yarn',
  factor: 40,
  original_max_position_embeddings: 4096,
  beta_fast: 32,
  beta_slow: 1,
  mscale: 0.707,
  mscale_all_dim: 0.707,
} as const;

/** DeepSeek-V2 (236B total, 21B activated), from its published config.json (docs/model.md#config-and-checkpoints). */
export const DEEPSEEK_V2: DeepseekV2Config = parseConfig({
  model_type: 'deepseek_v2',
  vocab_size: 102400,
  hidden_size: 5120,
  intermediate_size: 12288,
  moe_intermediate_size: 1536,
  num_hidden_layers: 60,
  num_attention_heads: 128,
  n_shared_experts: 2,
  n_routed_experts: 160,
  num_experts_per_tok: 6,
  routed_scaling_factor: 16,
  kv_lora_rank: 512,
  q_lora_rank: 1536,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  v_head_dim: 128,
  topk_method: 'group_limited_greedy',
  n_group: 8,
  topk_group: 3,
  norm_topk_prob: false,
  first_k_dense_replace: 1,
  moe_layer_freq: 1,
  aux_loss_alpha: 0.001,
  seq_aux: true,
  rope_scaling: YARN_V2,
  max_position_embeddings: 163840,
  bos_token_id: 100000,
  eos_token_id: 100001,
});

/** DeepSeek-V2-Lite (15.7B total, 2.4B activated): no query compression, no device limit. */
export const DEEPSEEK_V2_LITE: DeepseekV2Config = parseConfig({
  ...DEEPSEEK_V2,
  intermediate_size: 10944,
  moe_intermediate_size: 1408,
  hidden_size: 2048,
  num_hidden_layers: 27,
  num_attention_heads: 16,
  n_routed_experts: 64,
  routed_scaling_factor: 1,
  q_lora_rank: null,
  topk_method: 'greedy',
  n_group: 1,
  topk_group: 1,
});

/** A tiny configuration (docs/model.md#presets): every feature of V2 at about 1.9M parameters. */
export const TINY_SPEC: DeepseekV2Config = parseConfig({
  model_type: 'deepseek_v2',
  vocab_size: 512,
  hidden_size: 128,
  intermediate_size: 384,
  moe_intermediate_size: 64,
  num_hidden_layers: 4,
  num_attention_heads: 8,
  n_shared_experts: 2,
  n_routed_experts: 16,
  num_experts_per_tok: 4,
  q_lora_rank: 96,
  kv_lora_rank: 64,
  qk_nope_head_dim: 16,
  qk_rope_head_dim: 8,
  v_head_dim: 16,
  topk_method: 'group_limited_greedy',
  n_group: 4,
  topk_group: 2,
  first_k_dense_replace: 1,
  aux_loss_alpha: 0.003,
  max_position_embeddings: 256,
  device_balance_alpha: 0.05,
  comm_balance_alpha: 0.02,
  device_capacity_factor: 1.0,
});

/**
 * TinySeek, the model the app ships: TINY_SPEC (docs/model.md#presets) with the BPE vocabulary of
 * public/models/tinyseek/tokenizer.json (1536 tokens) and narrower experts, about 1.8M parameters.
 * Token dropping is off in its training run (device_capacity_factor 0); the balance lab turns it on.
 */
export const TINYSEEK: DeepseekV2Config = parseConfig({
  ...TINY_SPEC,
  vocab_size: 1536,
  moe_intermediate_size: 48,
  device_capacity_factor: 0,
  bos_token_id: 1534,
  eos_token_id: 1535,
});

/** A very small model for unit and browser tests: q-LoRA, groups, a dense first layer. */
export const TINY_TEST: DeepseekV2Config = parseConfig({
  model_type: 'deepseek_v2',
  vocab_size: 64,
  hidden_size: 32,
  intermediate_size: 48,
  moe_intermediate_size: 16,
  num_hidden_layers: 3,
  num_attention_heads: 4,
  n_shared_experts: 2,
  n_routed_experts: 8,
  num_experts_per_tok: 3,
  q_lora_rank: 24,
  kv_lora_rank: 16,
  qk_nope_head_dim: 8,
  qk_rope_head_dim: 4,
  v_head_dim: 8,
  topk_method: 'group_limited_greedy',
  n_group: 4,
  topk_group: 2,
  first_k_dense_replace: 1,
  max_position_embeddings: 128,
});

/**
 * The balance lab's small model: TinySeek's tokenizer (1536 tokens) on a 32-wide, 2-layer body
 * whose layers are both MoE (1 shared and 8 routed experts, top-2, in 4 groups of which each
 * token may use 2), about 0.13M parameters, so it trains live in a page. With all balance losses
 * off, at lr 0.03, two of its eight experts take over half the load within 160 steps
 * (tests/unit/train/lab/demonstration.test.ts).
 */
export const LAB_SMALL: DeepseekV2Config = parseConfig({
  model_type: 'deepseek_v2',
  vocab_size: 1536,
  hidden_size: 32,
  intermediate_size: 64,
  moe_intermediate_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  n_shared_experts: 1,
  n_routed_experts: 8,
  num_experts_per_tok: 2,
  q_lora_rank: null,
  kv_lora_rank: 16,
  qk_nope_head_dim: 8,
  qk_rope_head_dim: 4,
  v_head_dim: 8,
  topk_method: 'group_limited_greedy',
  n_group: 4,
  topk_group: 2,
  first_k_dense_replace: 0,
  aux_loss_alpha: 0.02,
  max_position_embeddings: 64,
  bos_token_id: 1534,
  eos_token_id: 1535,
});

export const PRESETS = {
  'deepseek-v2': DEEPSEEK_V2,
  'deepseek-v2-lite': DEEPSEEK_V2_LITE,
  tinyseek: TINYSEEK,
  'tiny-spec': TINY_SPEC,
  'tiny-test': TINY_TEST,
  'lab-small': LAB_SMALL,
} as const satisfies Record<string, DeepseekV2Config>;

export type PresetName = keyof typeof PRESETS;
