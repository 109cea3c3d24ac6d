/**
 * What the views read about one token: the model's internals at that token's position, sliced
 * out of a ModelTrace (a prefill covers many positions, a decode step one). Plain data: the UI
 * imports these types and never touches tfjs.
 */
import type { ModelTrace, RowSample, TraceArray } from '../model/trace';
import type { TokenProbability } from '../model/sampling';

/** One MoE layer's routing of one token. */
export interface TokenRouting {
  /** s: router affinities over all routed experts (softmax; V3: a sigmoid per expert). [Nr] */
  probs: number[];
  /** V3 only: the scores are sigmoids and `bias` chose the experts (docs/model.md#deepseek-v3-routing); absent for V2's softmax. */
  scoring?: 'sigmoid';
  /** V3 only: the layer's selection bias b_i, added to s to choose experts, never to the gates. [Nr] */
  bias?: number[];
  /** max affinity per group (device); V3: the sum of its two highest s + b. [nGroup] */
  groupScores: number[];
  /** groups (devices) the token may use, ascending. [≤M] */
  selectedGroups: number[];
  /** chosen routed experts, by gate weight descending. [K] */
  experts: number[];
  /** their gate weights. [K] */
  gates: number[];
  /** ‖shared experts' output‖₂ and ‖routed experts' output‖₂ for this token. */
  sharedNorm: number;
  routedNorm: number;
}

/**
 * A residual-stream vector [width] as the views keep it: all entries when width ≤ ROW_HEAD (128),
 * else the leading 128 (the views say so), and ‖·‖₂ over all of them.
 */
export interface VectorSample {
  /** the leading min(width, 128) entries. */
  values: number[];
  /** ‖v‖₂ over all `width` entries. */
  norm: number;
  width: number;
}

/** One layer at one token. */
export interface TokenLayer {
  layer: number;
  /** c^Q after q_a_layernorm: the query latent; null without query compression (q_lora_rank null). [d_c'] */
  cQ: number[] | null;
  /** c^KV after kv_a_layernorm: what the latent cache holds for this token. [d_c] */
  cKV: number[];
  /** k^R after RoPE: the one shared RoPE key cached for this token. [d_h^R] */
  kR: number[];
  /** per head, attention of this token over positions 0..index. [n_h][index+1] */
  attention: number[][];
  /** per head, the content part q^C·k^C (unscaled). [n_h][index+1] */
  nope: number[][];
  /** per head, the position part q^R·k^R (unscaled). [n_h][index+1] */
  rope: number[][];
  /** max |naive − absorbed| over this layer's attention output in the pass; null when not measured. */
  pathDiff: number | null;
  /** null for dense layers. */
  routing: TokenRouting | null;
  /** MLA's output, added to the residual stream. [d] sampled */
  attnOut: VectorSample;
  /** the FFN block's output (dense MLP or DeepSeekMoE), added after it. [d] sampled */
  ffnOut: VectorSample;
  /** the residual stream leaving the layer (stream in + attnOut + ffnOut). [d] sampled */
  out: VectorSample;
}

export interface TokenRecord {
  /** position in the sequence. */
  index: number;
  id: number;
  /** display text of the token (spaces and newlines made visible). */
  text: string;
  source: 'prompt' | 'generated';
  /** the token's embedding row, the residual stream entering layer 0. [d] sampled */
  embedding: VectorSample;
  /** the tokenizer's end-of-text (eos) token: generation stops after it unless told to go on. */
  endOfText?: true;
  layers: TokenLayer[];
  /** the ten most likely next tokens after this one. */
  next: (TokenProbability & { text: string })[];
  /** bytes the latent KV cache holds once this token is in it. */
  cacheBytes: number;
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

function row(a: TraceArray, r: number): number[] {
  const n = a.shape[a.shape.length - 1];
  return Array.from(a.data.subarray(r * n, (r + 1) * n), round);
}

function sample(r: RowSample, t: number): VectorSample {
  return { values: row(r.head, t), norm: round(r.norm.data[t]), width: r.width };
}

/** The embedding row entering layer 0, per query position of a single-sequence trace. */
export function embeddingsPerToken(trace: ModelTrace): VectorSample[] {
  return Array.from({ length: trace.queries }, (_, t) => sample(trace.embedding, t));
}

/** Head rows of a [1, n_h, T, S] array for query t, cut to keys 0..upTo. */
function headRows(a: TraceArray, t: number, upTo: number): number[][] {
  const [, nh, T, S] = a.shape;
  const out: number[][] = [];
  for (let h = 0; h < nh; h++) {
    const base = (h * T + t) * S;
    out.push(Array.from(a.data.subarray(base, base + upTo + 1), round));
  }
  return out;
}

/**
 * Slices a single-sequence trace into one TokenLayer[] per query position (trace.start + t).
 * The caller adds id, text, next and cache bytes.
 */
export function layersPerToken(trace: ModelTrace): TokenLayer[][] {
  const out: TokenLayer[][] = [];
  const moeByLayer = new Map(trace.moe.map((m) => [m.layer, m]));
  const streamByLayer = new Map(trace.stream.map((s) => [s.layer, s]));
  for (let t = 0; t < trace.queries; t++) {
    const index = trace.start + t;
    out.push(
      trace.attention.map((a) => {
        const m = moeByLayer.get(a.layer);
        const s = streamByLayer.get(a.layer)!;
        return {
          layer: a.layer,
          cQ: a.cQ ? row(a.cQ, t) : null,
          cKV: row(a.cKV, t),
          kR: row(a.kR, t),
          attention: headRows(a.probs, t, index),
          nope: headRows(a.nopeLogits, t, index),
          rope: headRows(a.ropeLogits, t, index),
          pathDiff: a.pathDiff,
          routing: m
            ? {
                probs: m.probs[t].map(round),
                ...(m.scoring === 'sigmoid' && m.bias ? { scoring: 'sigmoid' as const, bias: m.bias.map(round) } : {}),
                groupScores: m.groupScores[t].map(round),
                selectedGroups: m.selectedGroups[t],
                experts: m.experts[t],
                gates: m.gates[t].map(round),
                sharedNorm: round(m.sharedNorm[t]),
                routedNorm: round(m.routedNorm[t]),
              }
            : null,
          attnOut: sample(s.attn, t),
          ffnOut: sample(s.ffn, t),
          out: sample(s.out, t),
        };
      }),
    );
  }
  return out;
}
