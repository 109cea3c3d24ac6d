/**
 * Geometry of the Model flow: where every block of one token's path through the model goes, for
 * any DeepSeek-V2 config (1 to ~30 layers) in a given box. Horizontal (laptops): the residual
 * stream runs left to right through the token, one column per layer (MLA above the stream, the
 * FFN block below) and the final norm, LM head and next tokens; when the columns do not all fit
 * at full size (or the box is too short to stack their rows), the selected layer is drawn in
 * full, wide enough to put its parts side by side, and the others as narrow columns. Vertical
 * (phones): the same, top to bottom, one row per layer. Pure: config and sizes in, boxes out.
 */
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';
import { ffnParts, mlaParts, SPLIT_W, type Box, type FfnParts, type MlaParts } from './flowParts';

export type Orientation = 'horizontal' | 'vertical';

export type { Box } from './flowParts';

export interface LayerSlot {
  layer: number;
  moe: boolean;
  /** drawn with all its parts (true), or as a compact column / row. */
  detailed: boolean;
  frame: Box;
  /** the layer's name. */
  label: Box;
  /** the MLA block. */
  attn: Box;
  /** the FFN block (dense MLP or DeepSeekMoE). */
  ffn: Box;
  /** parts of a detailed slot; null when compact. */
  mla: MlaParts | null;
  moeParts: FfnParts | null;
  /** where the blocks read the stream and add back into it: points on the stream line. */
  attnIn: Point;
  attnAdd: Point;
  ffnIn: Point;
  ffnAdd: Point;
}

export interface Point {
  x: number;
  y: number;
}

export interface FlowLayout {
  orientation: Orientation;
  width: number;
  height: number;
  /** the token and its embedding. */
  token: Box;
  /** the colour legend. */
  legend: Box;
  layers: LayerSlot[];
  /** the final RMSNorm, the LM head and the top next tokens. */
  norm: Box;
  head: Box;
  next: Box;
  /** the residual stream: from the token to the final norm. */
  stream: { from: Point; to: Point };
}

/** Sizes of the fixed parts, px. */
export const FLOW = {
  gap: 8,
  /** the token column (horizontal) or row (vertical). */
  token: 116,
  /** the final norm, head and next-token column (horizontal). */
  end: 188,
  /** a detailed layer: at least, and at most when every layer is detailed. */
  detailMin: 210,
  detailMax: 300,
  /** the one detailed layer among compact ones: at most (wide enough to split its blocks). */
  wideMax: 680,
  /** a detailed block stacks its rows; below this height it needs the width to split them. */
  stackMin: 160,
  /** a compact layer: at most (at least 6). */
  compactMax: 44,
  compactMin: 6,
  label: 16,
  /** the band around the stream line between the MLA and FFN blocks. */
  band: 26,
  /** vertical: a compact layer row, and the top next tokens shown. */
  row: 26,
  nextRows: 5,
} as const;

/**
 * Widths of the layer columns in `space` px: all detailed when they fit (and, when `tall` is
 * false, the blocks are too short to stack their rows, only when they are wide enough to split
 * them), else the selected one detailed, as wide as the others leave room for, and the others
 * compact; `gap` between columns.
 */
export function columnWidths(
  n: number,
  space: number,
  selected: number,
  tall = true,
): { w: number[]; detailed: boolean[]; gap: number } {
  const even = (space - FLOW.gap * (n - 1)) / n;
  if (n === 1 || (even >= FLOW.detailMin && (tall || even >= SPLIT_W))) {
    const w = Math.min(n === 1 ? FLOW.wideMax : FLOW.detailMax, even);
    return { w: new Array<number>(n).fill(w), detailed: new Array<boolean>(n).fill(true), gap: FLOW.gap };
  }
  const gap = Math.max(2, Math.min(FLOW.gap, Math.floor(space / (n * 8))));
  const rest = n - 1;
  // short blocks cannot stack their rows: then the detailed layer is at least wide enough to split them.
  const least = Math.max(tall ? 0 : SPLIT_W, Math.min(FLOW.detailMax, Math.max(FLOW.detailMin, space * 0.45)));
  let big = Math.max(least, Math.min(FLOW.wideMax, space - rest * (FLOW.compactMax + gap)));
  let compact = Math.min(FLOW.compactMax, (space - big - gap * rest) / rest);
  if (compact < FLOW.compactMin) {
    compact = FLOW.compactMin;
    big = space - gap * rest - compact * rest;
  }
  const w = Array.from({ length: n }, (_, l) => (l === selected ? big : compact));
  return { w, detailed: w.map((_, l) => l === selected), gap };
}

function horizontal(c: DeepseekV2Config, width: number, height: number, selected: number): FlowLayout {
  const n = c.num_hidden_layers;
  const { gap, label, band } = FLOW;
  const space = width - FLOW.token - FLOW.end - 2 * gap;
  const blockH = (height - label - band) / 2;
  const { w, detailed, gap: colGap } = columnWidths(n, space, selected, blockH >= FLOW.stackMin);
  const streamY = label + blockH + band / 2;
  const layers: LayerSlot[] = [];
  let x = FLOW.token + gap;
  for (let l = 0; l < n; l++) {
    const frame = { x, y: 0, w: w[l], h: height };
    const attn = { x, y: label, w: w[l], h: blockH };
    const ffn = { x, y: label + blockH + band, w: w[l], h: blockH };
    const moe = isMoeLayer(c, l);
    const inset = detailed[l] ? 12 : w[l] * 0.3;
    layers.push({
      layer: l,
      moe,
      detailed: detailed[l],
      frame,
      label: { x, y: 0, w: w[l], h: label },
      attn,
      ffn,
      mla: detailed[l] ? mlaParts(c, attn) : null,
      moeParts: detailed[l] ? ffnParts(c, l, ffn) : null,
      attnIn: { x: x + inset, y: streamY },
      attnAdd: { x: x + w[l] / 2, y: streamY },
      ffnIn: { x: x + w[l] / 2 + inset / 2, y: streamY },
      ffnAdd: { x: x + w[l] - inset, y: streamY },
    });
    x += w[l] + colGap;
  }
  const endX = width - FLOW.end;
  const normH = 34;
  const norm = { x: endX, y: streamY - normH / 2, w: FLOW.end, h: normH };
  const head = { x: endX, y: norm.y + normH + 8, w: FLOW.end, h: 30 };
  const next = { x: endX, y: head.y + head.h + 6, w: FLOW.end, h: Math.max(0, height - head.y - head.h - 6) };
  const tokenH = Math.min(height, 150);
  const token = { x: 0, y: Math.max(0, Math.min(height - tokenH, streamY - 46)), w: FLOW.token, h: tokenH };
  return {
    orientation: 'horizontal',
    width,
    height,
    token,
    legend: { x: endX, y: label, w: FLOW.end, h: Math.max(0, norm.y - label - 8) },
    layers,
    norm,
    head,
    next,
    stream: { from: { x: FLOW.token, y: streamY }, to: { x: endX, y: streamY } },
  };
}

/** Height of a detailed layer in the vertical form: its MLA and FFN blocks stacked. */
function verticalDetailH(c: DeepseekV2Config, l: number): number {
  const k = isMoeLayer(c, l) ? c.num_experts_per_tok : 0;
  return FLOW.label + 200 + FLOW.band + (k > 0 ? 150 + 13 * k : 80);
}

function vertical(c: DeepseekV2Config, width: number, selected: number): FlowLayout {
  const n = c.num_hidden_layers;
  const { gap, label, band } = FLOW;
  const lineX = 10;
  const x0 = lineX + 14;
  const w = width - x0;
  const token = { x: x0, y: 0, w, h: 92 };
  const legend = { x: x0, y: token.h + gap, w, h: 34 };
  let y = legend.y + legend.h + gap;
  const layers: LayerSlot[] = [];
  for (let l = 0; l < n; l++) {
    const moe = isMoeLayer(c, l);
    const detailed = l === selected || n === 1;
    if (detailed) {
      const h = verticalDetailH(c, l);
      const attnH = 200;
      const attn = { x: x0, y: y + label, w, h: attnH };
      const ffn = { x: x0, y: attn.y + attnH + band, w, h: h - label - band - attnH };
      layers.push({
        layer: l,
        moe,
        detailed,
        frame: { x: x0, y, w, h },
        label: { x: x0, y, w, h: label },
        attn,
        ffn,
        mla: mlaParts(c, attn),
        moeParts: ffnParts(c, l, ffn),
        attnIn: { x: lineX, y: attn.y + 10 },
        attnAdd: { x: lineX, y: attn.y + attnH - 10 },
        ffnIn: { x: lineX, y: ffn.y + 10 },
        ffnAdd: { x: lineX, y: ffn.y + ffn.h - 10 },
      });
      y += h + gap;
    } else {
      const h = FLOW.row;
      const lw = 34;
      const half = (w - lw - gap) / 2;
      const attn = { x: x0 + lw, y, w: half, h };
      const ffn = { x: x0 + lw + half + gap, y, w: half, h };
      layers.push({
        layer: l,
        moe,
        detailed,
        frame: { x: x0, y, w, h },
        label: { x: x0, y, w: lw, h },
        attn,
        ffn,
        mla: null,
        moeParts: null,
        attnIn: { x: lineX, y: y + 4 },
        attnAdd: { x: lineX, y: y + h / 2 },
        ffnIn: { x: lineX, y: y + h / 2 + 2 },
        ffnAdd: { x: lineX, y: y + h - 4 },
      });
      y += h + 4;
    }
  }
  y += gap;
  const norm = { x: x0, y, w, h: 30 };
  const head = { x: x0, y: y + 36, w, h: 30 };
  const next = { x: x0, y: head.y + head.h + 6, w, h: FLOW.nextRows * 18 + 8 };
  const height = next.y + next.h;
  return {
    orientation: 'vertical',
    width,
    height,
    token,
    legend,
    layers,
    norm,
    head,
    next,
    stream: { from: { x: lineX, y: token.h / 2 }, to: { x: lineX, y: norm.y + norm.h / 2 } },
  };
}

/**
 * Places every block of the flow. Horizontal: the whole flow fits in width × height. Vertical:
 * it fits in `width`; the height grows with the layers (the page scrolls on a phone).
 */
export function flowLayout(
  c: DeepseekV2Config,
  opts: { width: number; height: number; orientation: Orientation; selectedLayer: number },
): FlowLayout {
  const selected = Math.max(0, Math.min(c.num_hidden_layers - 1, opts.selectedLayer));
  return opts.orientation === 'horizontal'
    ? horizontal(c, opts.width, opts.height, selected)
    : vertical(c, opts.width, selected);
}

/** Below this container width the flow is drawn top to bottom. */
export const VERTICAL_BELOW = 600;

/** The orientation for a container `width` px wide. */
export function orientationFor(width: number): Orientation {
  return width < VERTICAL_BELOW ? 'vertical' : 'horizontal';
}

/** The flow's height on a laptop: what is left of the first screen below its top, within [290, 560] px. */
export function flowHeight(viewportHeight: number, top: number): number {
  return Math.round(Math.max(290, Math.min(560, viewportHeight - top - 56)));
}
