/**
 * The model card's ablation section: TinySeek beside a dense multi-head-attention baseline with
 * the same activated parameters per token, trained on the same tokens (the tiny-scale version of
 * the paper's MLA-vs-MHA and MoE-vs-dense comparisons, docs/model.md#sizes). Pure: figures come from the two
 * configs (src/model/sizes.ts) and from `npm run eval -- --baseline DIR` measurements.
 */
import { isMoeLayer, type DeepseekV2Config } from '../model/config';
import { kvCacheElementsPerTokenPerLayer, parameterCounts } from '../model/sizes';

/** One side of the comparison. */
export interface AblationSide {
  /** the model folder. */
  dir: string;
  config: DeepseekV2Config;
  /** validation bits per byte, scored the same way for both. */
  bitsPerByte: number;
  /** greedy accuracy on the held-out additions. */
  additionAccuracy: number;
  /** training tokens seen and seconds inside training steps, from the training log (null if none). */
  trainTokens: number | null;
  trainSeconds: number | null;
}

/** The target of issue #4: the MoE/MLA model may be at most this much worse than the baseline. */
export const MAX_BPB_GAP = 0.1;

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** KV-cache values per token per layer as the model really caches them. */
export function cachedPerLayer(c: DeepseekV2Config): number {
  const kv = kvCacheElementsPerTokenPerLayer(c);
  return c.attention_type === 'mha' ? kv.mha : kv.mla;
}

function describeAttention(c: DeepseekV2Config): string {
  const h = `${c.num_attention_heads} heads`;
  return c.attention_type === 'mha'
    ? `MHA, ${h} of ${c.qk_nope_head_dim}`
    : `MLA, ${h}, latent ${c.kv_lora_rank} + RoPE key ${c.qk_rope_head_dim}`;
}

function describeFfn(c: DeepseekV2Config): string {
  const moe = Array.from({ length: c.num_hidden_layers }, (_, l) => isMoeLayer(c, l)).filter(Boolean).length;
  if (moe === 0) return `dense SwiGLU ${c.intermediate_size} in all ${c.num_hidden_layers} layers`;
  return `${c.num_hidden_layers - moe} dense + ${moe} MoE (${c.n_shared_experts} shared + ${c.num_experts_per_tok} of ${c.n_routed_experts} routed experts of ${c.moe_intermediate_size})`;
}

export function ablationSection(ours: AblationSide, base: AblationSide): string {
  const row = (name: string, f: (s: AblationSide) => string) => `| ${name} | ${f(ours)} | ${f(base)} |`;
  const gap = ours.bitsPerByte - base.bitsPerByte;
  const met = gap <= MAX_BPB_GAP;
  return [
    `TinySeek against a dense baseline (\`${base.dir}\`, config from \`scripts/train-dense-baseline.json\`): multi-head attention with the same heads instead of MLA, and one dense SwiGLU FFN per layer, as wide as it must be to activate the same parameters per token. Same corpus, tokenizer, token budget, schedule and seed. Both scored by \`npm run eval -- --baseline ${base.dir}\` in the same run, the same way.`,
    '',
    '| | TinySeek | dense MHA baseline |',
    '|---|---|---|',
    row('attention', (s) => describeAttention(s.config)),
    row('FFN', (s) => describeFfn(s.config)),
    row('total parameters', (s) => int(parameterCounts(s.config).total)),
    row('activated per token', (s) => int(parameterCounts(s.config).activated)),
    row('KV-cache values per token per layer', (s) => int(cachedPerLayer(s.config))),
    row('KV-cache values per token (model)', (s) => int(cachedPerLayer(s.config) * s.config.num_hidden_layers)),
    row('training tokens', (s) => (s.trainTokens === null ? '?' : int(s.trainTokens))),
    row('time inside training steps', (s) =>
      s.trainSeconds === null ? '?' : `${Math.round(s.trainSeconds / 60)} min`,
    ),
    row('**validation bits per byte**', (s) => `**${s.bitsPerByte.toFixed(3)}**`),
    row('greedy two-digit addition', (s) => pct(s.additionAccuracy)),
    '',
    `TinySeek is ${gap <= 0 ? `${(-gap).toFixed(3)} bits per byte better than` : `${gap.toFixed(3)} bits per byte worse than`} the baseline; the target (no worse by more than ${MAX_BPB_GAP}) is ${met ? 'met' : '**missed**'}. It does so while caching ${pct(cachedPerLayer(ours.config) / cachedPerLayer(base.config))} of the baseline's KV values per token and holding ${(parameterCounts(ours.config).total / parameterCounts(base.config).total).toFixed(2)}× its parameters, of which a token uses the same number. At this size and budget (one run each, one seed) differences of a few hundredths are within noise. The training times are wall-clock on a shared machine and say nothing about speed (\`npm run bench -- mha\` measures that).`,
  ].join('\n');
}
