/**
 * What the Model flow draws for one token, derived from its record: heat-strip values with their
 * colour range, the earlier tokens the heads read most, the routing, the norms of what each
 * block adds, and the Show data table. Pure; each record's derivation is built once.
 */
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';
import type { TokenRecord, VectorSample } from '../../session/records';
import { S } from '../../strings';
import { formatNumber, formatPercent } from '../common/format';

/** Strips draw at most this many leading entries (the records keep 128 of a wider stream). */
export const STRIP_MAX = 128;
/** Earlier tokens listed as "reads most", and next tokens shown. */
export const READS = 3;
export const NEXT = 5;

/** The values of one heat strip. */
export interface Strip {
  values: number[];
  /** largest |value| drawn: the strip's colour range is [−max, max]. */
  max: number;
  /** the full vector's width (more than values.length when only the leading entries are kept). */
  width: number;
  /** ‖v‖₂ over all entries. */
  norm: number;
}

export function strip(v: VectorSample | number[]): Strip {
  const s = Array.isArray(v) ? { values: v, width: v.length, norm: Math.hypot(...v) } : v;
  const values = s.values.slice(0, STRIP_MAX);
  let max = 0;
  for (const x of values) max = Math.max(max, Math.abs(x));
  return { values, max, width: s.width, norm: s.norm };
}

/** An earlier token and the heads' mean attention on it. */
export interface Read {
  index: number;
  text: string;
  weight: number;
}

/** The `k` positions ≤ this token with the largest attention averaged over heads, largest first. */
export function topReads(records: TokenRecord[], attention: number[][], k = READS): Read[] {
  const n = attention[0]?.length ?? 0;
  const mean = Array.from({ length: n }, (_, j) => attention.reduce((s, h) => s + h[j], 0) / attention.length);
  return mean
    .map((weight, index) => ({ index, weight, text: records[index]?.text ?? '' }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .slice(0, k);
}

export interface LayerFlow {
  layer: number;
  moe: boolean;
  cQ: Strip | null;
  cKV: Strip;
  kR: Strip;
  reads: Read[];
  /** ‖MLA output‖, ‖FFN output‖, ‖stream after the layer‖. */
  attnNorm: number;
  ffnNorm: number;
  outNorm: number;
  /** chosen experts by gate, their gates, the groups the token may use; null when dense. */
  routing: { experts: number[]; gates: number[]; selectedGroups: number[] } | null;
}

export interface TokenFlow {
  index: number;
  id: number;
  text: string;
  embedding: Strip;
  layers: LayerFlow[];
  next: TokenRecord['next'];
}

const built = new WeakMap<TokenRecord, TokenFlow>();

/** The flow of `records[selected]`; the same record gives the same object. */
export function tokenFlow(c: DeepseekV2Config, records: TokenRecord[], selected: number): TokenFlow | null {
  const rec = records[selected];
  if (!rec) return null;
  const hit = built.get(rec);
  if (hit) return hit;
  const f: TokenFlow = {
    index: rec.index,
    id: rec.id,
    text: rec.text,
    embedding: strip(rec.embedding),
    next: rec.next.slice(0, NEXT),
    layers: rec.layers.map((L) => ({
      layer: L.layer,
      moe: isMoeLayer(c, L.layer),
      cQ: L.cQ ? strip(L.cQ) : null,
      cKV: strip(L.cKV),
      kR: strip(L.kR),
      reads: topReads(records, L.attention),
      attnNorm: L.attnOut.norm,
      ffnNorm: L.ffnOut.norm,
      outNorm: L.out.norm,
      routing: L.routing && {
        experts: L.routing.experts,
        gates: L.routing.gates,
        selectedGroups: L.routing.selectedGroups,
      },
    })),
  };
  built.set(rec, f);
  return f;
}

const list = (s: Strip) => s.values.map((v) => formatNumber(v, 3)).join(' ');
const first = (s: Strip) => (s.values.length < s.width ? ` (${S.flow.first(s.values.length, s.width)})` : '');

/** The Show data rows: [block, layer, size, values], in the order the flow draws them. */
export function flowTable(c: DeepseekV2Config, f: TokenFlow): string[][] {
  const R = S.flow.rows;
  const norm = (n: number) => S.flow.norm(formatNumber(n, 3));
  const rows: string[][] = [[R.embedding, '–', `d = ${c.hidden_size}`, `${list(f.embedding)}${first(f.embedding)}`]];
  for (const L of f.layers) {
    const l = String(L.layer);
    if (L.cQ) rows.push([R.cQ, l, `d_c′ = ${c.q_lora_rank}`, list(L.cQ)]);
    rows.push([R.cKV, l, `d_c = ${c.kv_lora_rank}`, list(L.cKV)]);
    rows.push([R.kR, l, `d_h^R = ${c.qk_rope_head_dim}`, list(L.kR)]);
    rows.push([
      R.reads,
      l,
      `n_h = ${c.num_attention_heads}`,
      L.reads.map((r) => `#${r.index} “${r.text}” ${formatNumber(r.weight, 3)}`).join(', '),
    ]);
    rows.push([R.attnOut, l, `d = ${c.hidden_size}`, norm(L.attnNorm)]);
    if (L.routing) {
      rows.push([
        R.routing,
        l,
        `K = ${c.num_experts_per_tok} of N_r = ${c.n_routed_experts}, N_s = ${c.n_shared_experts}`,
        L.routing.experts.map((e, i) => `E${e} ${formatNumber(L.routing!.gates[i], 3)}`).join(', '),
      ]);
    }
    rows.push([R.ffnOut, l, `d = ${c.hidden_size}`, norm(L.ffnNorm)]);
    rows.push([R.stream, l, `d = ${c.hidden_size}`, norm(L.outNorm)]);
  }
  rows.push([R.next, '–', `vocab ${c.vocab_size}`, f.next.map((t) => `“${t.text}” ${formatPercent(t.p)}`).join(', ')]);
  return rows;
}
