/**
 * KV-cache arithmetic for the KV cache view (docs/model.md#latent-kv-cache): byte tables for MLA and the attention
 * variants it replaces, the DeepSeek-V2 projection, bar and heatmap scales. Pure: no React, no DOM.
 */
import * as d3 from 'd3';
import { S } from '../../strings';
import type { DeepseekV2Config } from '../../model/config';
import { kvCacheElementsPerTokenPerLayer } from '../../model/sizes';
import type { TokenRecord } from '../../session/records';
import { formatPercent } from '../common/format';

export type Mechanism = 'mla' | 'mha' | 'gqa' | 'mqa';

/** Drawing order: MLA first, then the variants from the largest cache to the smallest. */
export const MECHANISMS: readonly Mechanism[] = ['mla', 'mha', 'gqa', 'mqa'];

/** GQA baseline: 2 KV-head groups. */
export const GQA_GROUPS = 2;

export const MECHANISM_LABEL: Record<Mechanism, string> = {
  mla: S.kvcache.mechanism.mla,
  mha: S.kvcache.mechanism.mha,
  gqa: S.kvcache.mechanism.gqa(GQA_GROUPS),
  mqa: S.kvcache.mechanism.mqa,
};

/** Okabe–Ito colours: distinguishable with every common colour-vision deficiency. */
export const MECHANISM_COLOR: Record<Mechanism, string> = {
  mla: '#0072B2',
  mha: '#D55E00',
  gqa: '#E69F00',
  mqa: '#009E73',
};

/** The live cache is float32 in the browser. */
export const BYTES_F32 = 4;
/** DeepSeek-V2 serves in bf16. */
export const BYTES_BF16 = 2;

/** One mechanism's cache at a given token count. */
export interface CacheRow {
  mechanism: Mechanism;
  label: string;
  /** elements one token adds to one layer's cache. */
  elementsPerTokenPerLayer: number;
  /** bytes one layer holds. */
  perLayerBytes: number;
  /** bytes all layers hold. */
  totalBytes: number;
  /** true when the total is the real cache's measurement rather than a formula. */
  measured: boolean;
}

/** Bytes each mechanism would hold for `tokens` tokens: elements/token/layer × layers × tokens × bytes. */
export function cacheTable(config: DeepseekV2Config, tokens: number, bytesPerElement: number): CacheRow[] {
  const per = kvCacheElementsPerTokenPerLayer(config, GQA_GROUPS);
  return MECHANISMS.map((mechanism) => {
    const perLayerBytes = per[mechanism] * tokens * bytesPerElement;
    return {
      mechanism,
      label: MECHANISM_LABEL[mechanism],
      elementsPerTokenPerLayer: per[mechanism],
      perLayerBytes,
      totalBytes: perLayerBytes * config.num_hidden_layers,
      measured: false,
    };
  });
}

/**
 * The live table: MLA's total is what the real latent cache holds (`measuredBytes`), split evenly
 * over the layers (each holds the same d_c + d_h^R per token); the others are computed in float32.
 */
export function liveCacheTable(config: DeepseekV2Config, tokens: number, measuredBytes: number): CacheRow[] {
  return cacheTable(config, tokens, BYTES_F32).map((r) =>
    r.mechanism === 'mla'
      ? { ...r, totalBytes: measuredBytes, perLayerBytes: measuredBytes / config.num_hidden_layers, measured: true }
      : r,
  );
}

/** "MLA keeps 72 values per token per layer; MHA would keep 256 (28%)". */
export function ratioSentence(config: DeepseekV2Config): string {
  const per = kvCacheElementsPerTokenPerLayer(config, GQA_GROUPS);
  return S.kvcache.ratio(
    per.mla.toLocaleString('en-US'),
    per.mha.toLocaleString('en-US'),
    formatPercent(per.mla / per.mha),
  );
}

/** Context lengths in binary thousands, as "128K context" is meant: 131072 → "128K", 1536 → "1.5K". */
export function formatTokens(tokens: number): string {
  if (tokens < 1024) return String(tokens);
  return `${Number((tokens / 1024).toPrecision(3))}K`;
}

/** "3.7e-8"; "0" for exact agreement; "not measured" for null. */
export function formatDiff(diff: number | null): string {
  if (diff === null) return S.kvcache.notMeasured;
  if (diff === 0) return '0';
  return diff.toExponential(1);
}

/** DeepSeek-V2's context length the projection reaches: 128K tokens. */
export const MAX_CONTEXT = 131072;
/** The projection's shortest context. */
export const MIN_CONTEXT = 128;

/** Log-ish slider steps: powers of two and 1.5× between them, min … max (128, 192, 256, 384, …, 131072). */
export function contextSteps(min = MIN_CONTEXT, max = MAX_CONTEXT): number[] {
  const out: number[] = [];
  for (let p = min; p <= max; p *= 2) {
    out.push(p);
    if (p * 1.5 < max) out.push(p * 1.5);
  }
  if (out[out.length - 1] !== max) out.push(max);
  return out;
}

/** Index of the step closest to `tokens` (on a log scale). */
export function nearestStep(steps: number[], tokens: number): number {
  let best = 0;
  for (let i = 1; i < steps.length; i++) {
    if (Math.abs(Math.log(steps[i] / tokens)) < Math.abs(Math.log(steps[best] / tokens))) best = i;
  }
  return best;
}

/** The projection: every mechanism's cache for `tokens` tokens of `config`, in bf16. */
export function projectionTable(config: DeepseekV2Config, tokens: number): CacheRow[] {
  return cacheTable(config, tokens, BYTES_BF16);
}

/** Largest |Δ| between the naive and absorbed attention paths over the layers; null when none measured. */
export function maxPathDiff(record: TokenRecord): number | null {
  let max: number | null = null;
  for (const l of record.layers) if (l.pathDiff !== null) max = Math.max(max ?? 0, l.pathDiff);
  return max;
}

/** A horizontal bar, in SVG units. */
export interface Bar {
  mechanism: Mechanism;
  y: number;
  width: number;
  height: number;
}

/** Bars for `values` on a linear scale from 0 to `max` over `width` px, one row of `rowHeight` each. */
export function barLayout(
  values: { mechanism: Mechanism; value: number }[],
  max: number,
  width: number,
  rowHeight: number,
): Bar[] {
  const x = d3
    .scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([0, width])
    .clamp(true);
  const y = d3
    .scaleBand<number>()
    .domain(d3.range(values.length))
    .range([0, values.length * rowHeight])
    .paddingInner(0.25);
  return values.map((v, i) => ({
    mechanism: v.mechanism,
    y: y(i) ?? 0,
    width: x(v.value),
    height: y.bandwidth(),
  }));
}

/** The latent cache of one layer: one row per token 0..selected. */
export interface LatentRows {
  rows: { index: number; text: string; values: number[] }[];
  /** d_c: columns. */
  dims: number;
  /** max |c_KV| over every recorded token of the layer, so colours hold still as `selected` moves. */
  maxAbs: number;
}

export function latentRows(records: TokenRecord[], selected: number, layer: number): LatentRows {
  const maxAbs = d3.max(records, (r) => d3.max(r.layers[layer].cKV, Math.abs)) ?? 0;
  const rows = records
    .slice(0, selected + 1)
    .map((r) => ({ index: r.index, text: r.text, values: r.layers[layer].cKV }));
  return { rows, dims: records[0]?.layers[layer].cKV.length ?? 0, maxAbs };
}

/** Diverging red–blue scale symmetric around 0 (ColorBrewer RdBu: colour-blind safe): −max red, +max blue. */
export function latentColor(maxAbs: number): (v: number) => string {
  const m = maxAbs > 0 ? maxAbs : 1;
  return d3.scaleDiverging(d3.interpolateRdBu).domain([-m, 0, m]).clamp(true);
}

/** Cells of the heatmap grid: `rows` × `dims` bands filling width × height. */
export function heatmapGrid(rows: number, dims: number, width: number, height: number) {
  const x = d3.scaleBand<number>().domain(d3.range(dims)).range([0, width]);
  const y = d3.scaleBand<number>().domain(d3.range(rows)).range([0, height]).paddingInner(0.08);
  return {
    x: (d: number) => x(d) ?? 0,
    y: (r: number) => y(r) ?? 0,
    cellWidth: x.bandwidth(),
    cellHeight: y.bandwidth(),
  };
}
