/**
 * What the views read about one token: the model's internals at that token's position, sliced
 * out of a ModelTrace (a prefill covers many positions, a decode step one). Plain data: the UI
 * imports these types and never touches tfjs.
 */
import type { BalanceStats } from '../train/balanceLosses';
import type { ModelTrace, TraceArray } from '../model/trace';
import type { TokenProbability } from '../model/sampling';

/** One MoE layer's routing of one token. */
export interface TokenRouting {
  /** s: softmax router affinities over all routed experts. [Nr] */
  probs: number[];
  /** max affinity per group (device). [nGroup] */
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

/** One layer at one token. */
export interface TokenLayer {
  layer: number;
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
}

export interface TokenRecord {
  /** position in the sequence. */
  index: number;
  id: number;
  /** display text of the token (spaces and newlines made visible). */
  text: string;
  source: 'prompt' | 'generated';
  /** the tokenizer's end-of-text (eos) token: generation stops after it unless told to go on. */
  endOfText?: true;
  layers: TokenLayer[];
  /** the ten most likely next tokens after this one. */
  next: (TokenProbability & { text: string })[];
  /** bytes the latent KV cache holds once this token is in it. */
  cacheBytes: number;
}

/** Balance statistics of one pass per MoE layer (kept for the Load balance view). */
export type PassBalance = { layer: number; balance: BalanceStats }[];

const round = (x: number) => Math.round(x * 1e5) / 1e5;

function row(a: TraceArray, r: number): number[] {
  const n = a.shape[a.shape.length - 1];
  return Array.from(a.data.subarray(r * n, (r + 1) * n), round);
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
  for (let t = 0; t < trace.queries; t++) {
    const index = trace.start + t;
    out.push(
      trace.attention.map((a) => {
        const m = moeByLayer.get(a.layer);
        return {
          layer: a.layer,
          cKV: row(a.cKV, t),
          kR: row(a.kR, t),
          attention: headRows(a.probs, t, index),
          nope: headRows(a.nopeLogits, t, index),
          rope: headRows(a.ropeLogits, t, index),
          pathDiff: a.pathDiff,
          routing: m
            ? {
                probs: m.probs[t].map(round),
                groupScores: m.groupScores[t].map(round),
                selectedGroups: m.selectedGroups[t],
                experts: m.experts[t],
                gates: m.gates[t].map(round),
                sharedNorm: round(m.sharedNorm[t]),
                routedNorm: round(m.routedNorm[t]),
              }
            : null,
        };
      }),
    );
  }
  return out;
}
