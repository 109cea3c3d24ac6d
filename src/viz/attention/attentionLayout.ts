/**
 * Layout of the Attention view: per head, how the selected (query) token spreads its attention
 * over positions 0..t, and how each logit splits into a content part σ·q^C·k^C ("nope") and a
 * position part σ·q^R·k^R (decoupled RoPE, DeepSeek-V2 eqs. (14)–(19); docs/model.md#decoupled-rope). Pure: d3 scales in, numbers out.
 */
import {
  interpolatePRGn,
  interpolateViridis,
  scaleBand,
  scaleDiverging,
  scaleLinear,
  scaleSequential,
  stack,
  stackOffsetDiverging,
  type ScaleBand,
} from 'd3';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { formatNumber } from '../common/format';
import { maxOf } from '../common/extent';

/** One key position as one head of the query sees it. */
export interface KeyTerm {
  /** key position j, 0..t. */
  pos: number;
  /** display text of the key token. */
  text: string;
  /** softmax weight a_{t,j}. */
  weight: number;
  /** σ·q^C·k^C: the position-free content part of the logit. */
  content: number;
  /** σ·q^R·k^R: the RoPE position part of the logit. */
  position: number;
  /** σ·(q^C·k^C + q^R·k^R): what the softmax sees. */
  logit: number;
}

/** One head's attention of the query token. */
export interface HeadAttention {
  head: number;
  /** keys 0..t. */
  keys: KeyTerm[];
  /** key position with the largest weight. */
  top: number;
}

/**
 * The query token `selected` at `layer`, per head: weights and σ-scaled content/position parts.
 * `sigma` is the softmax scale (config softmaxScale). Empty when the record or layer is missing.
 */
export function headAttention(records: TokenRecord[], selected: number, layer: number, sigma: number): HeadAttention[] {
  const rec = records[selected];
  const L = rec?.layers[layer];
  if (!L) return [];
  return L.attention.map((weights, head) => {
    const keys = weights.map((weight, pos) => {
      const content = sigma * L.nope[head][pos];
      const position = sigma * L.rope[head][pos];
      return { pos, text: records[pos]?.text ?? '', weight, content, position, logit: content + position };
    });
    let top = 0;
    for (const k of keys) if (k.weight > keys[top].weight) top = k.pos;
    return { head, keys, top };
  });
}

/** Softmax of the keys' logits: equals the recorded weights when the split is complete. */
export function softmaxOfParts(keys: KeyTerm[]): number[] {
  const m = maxOf(keys.map((k) => k.logit));
  const e = keys.map((k) => Math.exp(k.logit - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

/** Largest weight over all heads (the top of the weight colour scale); 1 when empty. */
export function maxWeight(heads: HeadAttention[]): number {
  let m = 0;
  for (const h of heads) for (const k of h.keys) m = Math.max(m, k.weight);
  return m > 0 ? m : 1;
}

/** Largest |content|, |position| or |logit| over all heads: the diverging scales' half-width. */
export function maxAbsPart(heads: HeadAttention[]): number {
  let m = 0;
  for (const h of heads)
    for (const k of h.keys) m = Math.max(m, Math.abs(k.content), Math.abs(k.position), Math.abs(k.logit));
  return m > 0 ? m : 1;
}

/** Sequential, colour-blind-safe (viridis) colour of a weight in [0, max]. */
export function weightColor(max: number): (w: number) => string {
  const s = scaleSequential(interpolateViridis).domain([0, max]).clamp(true);
  return (w) => s(w);
}

/** Diverging, colour-blind-safe (purple − / green +) colour of a logit part in [−m, m]. */
export function partColor(m: number): (v: number) => string {
  const s = scaleDiverging(interpolatePRGn).domain([-m, 0, m]).clamp(true);
  return (v) => s(v);
}

/** Which strip of a head block a row draws. */
export type StripKind = 'weight' | 'content' | 'position';

export interface Strip {
  head: number;
  kind: StripKind;
  /** top, px. */
  y: number;
  /** height, px. */
  height: number;
}

/** The small-multiples heatmap: one block of three strips per head, one column per key. */
export interface HeatmapLayout {
  width: number;
  height: number;
  /** room for the strip labels at the left, px. */
  left: number;
  /** key position → column x, px. */
  x: ScaleBand<number>;
  strips: Strip[];
  /** per head, the block's vertical extent, px. */
  blocks: { head: number; y0: number; y1: number }[];
}

export interface HeatmapOptions {
  /** room for the strip labels, px. */
  left?: number;
  /** wanted column width, px (shrinks to fit maxWidth, never below 6). */
  cell?: number;
  /** widest the chart may be, px. */
  maxWidth?: number;
  /** heights of the weight strip and of each part strip, px. */
  weightHeight?: number;
  partHeight?: number;
  /** space between head blocks, px. */
  gap?: number;
}

export function heatmapLayout(nHeads: number, nKeys: number, o: HeatmapOptions = {}): HeatmapLayout {
  const left = o.left ?? 96;
  const maxWidth = o.maxWidth ?? 760;
  const cell = Math.max(6, Math.min(o.cell ?? 34, (maxWidth - left) / Math.max(1, nKeys)));
  const width = left + cell * nKeys;
  const x = scaleBand<number>()
    .domain(Array.from({ length: nKeys }, (_, i) => i))
    .range([left, width])
    .paddingInner(0.06);
  const wh = o.weightHeight ?? 16;
  const ph = o.partHeight ?? 11;
  const gap = o.gap ?? 9;
  const strips: Strip[] = [];
  const blocks: HeatmapLayout['blocks'] = [];
  let y = 0;
  for (let head = 0; head < nHeads; head++) {
    const y0 = y;
    strips.push({ head, kind: 'weight', y, height: wh });
    y += wh + 1;
    strips.push({ head, kind: 'content', y, height: ph });
    y += ph;
    strips.push({ head, kind: 'position', y, height: ph });
    y += ph;
    blocks.push({ head, y0, y1: y });
    y += gap;
  }
  return { width, height: Math.max(0, y - gap), left, x, strips, blocks };
}

/** One stacked segment of the enlarged head's logit bars. */
export interface PartSegment {
  pos: number;
  kind: 'content' | 'position';
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The enlarged head: weight bars above, diverging stacked content/position bars below. */
export interface HeadDetailLayout {
  width: number;
  height: number;
  x: ScaleBand<number>;
  weightBars: { pos: number; value: number; x: number; y: number; width: number; height: number }[];
  /** weight axis ticks. */
  weightTicks: { value: number; at: number }[];
  /** top and bottom of the weight panel, px. */
  weightPanel: [number, number];
  segments: PartSegment[];
  /** per key, the logit (sum of both parts) as a tick: y, px. */
  logitTicks: { pos: number; value: number; x: number; width: number; y: number }[];
  partTicks: { value: number; at: number }[];
  /** y of zero on the part axis, px. */
  zero: number;
  /** top and bottom of the part panel, px. */
  partPanel: [number, number];
}

export interface HeadDetailOptions {
  /** the band scale of the heatmap above, so the columns line up. */
  x: ScaleBand<number>;
  width: number;
  /** heights of the two panels and the gap between them, px. */
  weightHeight?: number;
  partHeight?: number;
  gap?: number;
  /** top of the weight axis (share it across heads to compare them); default the head's max. */
  weightMax?: number;
  /** half-width of the part axis; default the head's max |part|. */
  partMax?: number;
}

export function headDetailLayout(h: HeadAttention, o: HeadDetailOptions): HeadDetailLayout {
  const wH = o.weightHeight ?? 90;
  const pH = o.partHeight ?? 130;
  const gap = o.gap ?? 24;
  const top = 6;
  const weightPanel: [number, number] = [top, top + wH];
  const partPanel: [number, number] = [top + wH + gap, top + wH + gap + pH];
  const wMax = o.weightMax ?? maxWeight([h]);
  const wy = scaleLinear().domain([0, wMax]).nice(3).range([weightPanel[1], weightPanel[0]]);
  const pMax = o.partMax ?? maxAbsPart([h]);
  const py = scaleLinear().domain([-pMax, pMax]).nice(4).range([partPanel[1], partPanel[0]]);
  const bw = o.x.bandwidth();
  const inset = Math.min(bw * 0.15, 4);
  const xOf = (pos: number) => (o.x(pos) ?? 0) + inset;
  const width = bw - 2 * inset;
  const weightBars = h.keys.map((k) => ({
    pos: k.pos,
    value: k.weight,
    x: xOf(k.pos),
    y: wy(k.weight),
    width,
    height: wy(0) - wy(k.weight),
  }));
  const series = stack<KeyTerm, 'content' | 'position'>()
    .keys(['content', 'position'])
    .value((k, key) => k[key])
    .offset(stackOffsetDiverging)(h.keys);
  const segments: PartSegment[] = series.flatMap((s) =>
    s.map(([a, b], i) => {
      const k = h.keys[i];
      return {
        pos: k.pos,
        kind: s.key,
        value: k[s.key],
        x: xOf(k.pos),
        y: py(Math.max(a, b)),
        width,
        height: Math.abs(py(a) - py(b)),
      };
    }),
  );
  const logitTicks = h.keys.map((k) => ({
    pos: k.pos,
    value: k.logit,
    x: xOf(k.pos) - 2,
    width: width + 4,
    y: py(k.logit),
  }));
  return {
    width: o.width,
    height: partPanel[1] + 4,
    x: o.x,
    weightBars,
    weightTicks: wy.ticks(3).map((value) => ({ value, at: wy(value) })),
    weightPanel,
    segments,
    logitTicks,
    partTicks: py.ticks(4).map((value) => ({ value, at: py(value) })),
    zero: py(0),
    partPanel,
  };
}

/** One sentence per head, for the heatmap's aria-label. */
export function attentionSummary(
  heads: HeadAttention[],
  query: { index: number; text: string },
  layer: number,
): string {
  if (heads.length === 0) return S.attention.none(query.index, layer);
  const n = heads[0].keys.length;
  const parts = heads.map((h) => {
    const k = h.keys[h.top];
    return S.attention.summaryHead(h.head, k.text, k.pos, formatNumber(k.weight, 2));
  });
  return S.attention.summary(query.text, query.index, layer, n, heads.length, parts.join('; '));
}

/** Where each part pulls hardest: which key's logit the content and position terms raise most. */
export function headSummary(h: HeadAttention): string {
  const by = (f: (k: KeyTerm) => number) => h.keys.reduce((a, b) => (f(b) > f(a) ? b : a));
  const c = by((k) => k.content);
  const p = by((k) => k.position);
  const t = h.keys[h.top];
  return S.attention.headSummary(
    h.head,
    formatNumber(t.weight, 3),
    t.text,
    t.pos,
    c.text,
    c.pos,
    formatNumber(c.content, 3),
    p.text,
    p.pos,
    formatNumber(p.position, 3),
  );
}
