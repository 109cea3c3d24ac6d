/**
 * Block-diagram layout of a DeepSeek-V2 config (docs/model.md#the-decoder): embedding → layers (MLA, then a dense
 * MLP or DeepSeekMoE with shared experts and routed experts in n_group device groups) → norm →
 * lm_head. Pure geometry in SVG units; the React component only draws it.
 */
import * as d3 from 'd3';
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ExpertCell extends Box {
  /** routed expert index 0..N_r-1. */
  expert: number;
  /** its group (device) 0..n_group-1. */
  group: number;
}

export interface GroupBox extends Box {
  group: number;
}

/** One decoder layer drawn in full. */
export interface LayerRow {
  kind: 'layer';
  layer: number;
  moe: boolean;
  /** the whole row, label column included. */
  row: Box;
  mla: Box;
  /** query path: q-LoRA (W^DQ, d_c') or a plain q_proj. */
  qChip: Box;
  /** the latent c^KV (cached). */
  ckvChip: Box;
  /** the decoupled RoPE key k^R (cached). */
  ropeChip: Box;
  ffn: Box;
  /** N_s shared experts (MoE only). */
  shared: Box[];
  /** n_group device groups (MoE only). */
  groups: GroupBox[];
  /** N_r routed experts (MoE only). */
  experts: ExpertCell[];
}

/** Layers `from`..`to` (inclusive) collapsed into one row. */
export interface GapRow {
  kind: 'gap';
  from: number;
  to: number;
  /** how many of them are MoE layers. */
  moeLayers: number;
  row: Box;
}

export interface ArchitectureLayout {
  width: number;
  height: number;
  embedding: Box;
  rows: (LayerRow | GapRow)[];
  norm: Box;
  lmHead: Box;
  /** vertical connectors between consecutive blocks, at the diagram's centre line. */
  arrows: { x: number; y1: number; y2: number }[];
}

export interface LayoutOptions {
  /** SVG width. */
  width?: number;
  /** at most this many layer rows; longer models show the first ones, a gap row and the last. */
  maxLayerRows?: number;
}

/** Geometry constants (SVG units). */
export const LAYOUT = {
  width: 760,
  pad: 8,
  labelWidth: 70,
  mlaWidth: 280,
  gapX: 14,
  blockHeight: 34,
  layerHeight: 104,
  gapRowHeight: 36,
  arrow: 18,
  title: 22,
  chipGap: 8,
  sharedWidth: 78,
  /** strip at the bottom of each group box for its label. */
  groupLabel: 15,
} as const;

/** Which layers get their own row: all when they fit, else the first maxRows-2, a gap, and the last. */
export function visibleLayers(n: number, maxRows: number): (number | { from: number; to: number })[] {
  if (n <= maxRows) return d3.range(n);
  const head = Math.max(1, maxRows - 2);
  return [...d3.range(head), { from: head, to: n - 2 }, n - 1];
}

/** Rows × columns for `perGroup` expert cells in a w × h box: the grid whose smaller cell side is largest. */
export function expertGrid(perGroup: number, w: number, h: number): { rows: number; cols: number } {
  let best = { rows: 1, cols: perGroup, side: -1 };
  for (let rows = 1; rows <= perGroup; rows++) {
    const cols = Math.ceil(perGroup / rows);
    if ((rows - 1) * cols >= perGroup) continue; // an empty last row
    const side = Math.min(w / cols, h / rows);
    if (side > best.side) best = { rows, cols, side };
  }
  return { rows: best.rows, cols: best.cols };
}

function layerRow(c: DeepseekV2Config, layer: number, y: number, width: number): LayerRow {
  const L = LAYOUT;
  const row = { x: L.pad, y, w: width - 2 * L.pad, h: L.layerHeight };
  const inner = { y: y + 6, h: L.layerHeight - 12 };
  const mla = { x: L.pad + L.labelWidth, w: L.mlaWidth, ...inner };
  const chipW = (mla.w - 4 * L.chipGap) / 3;
  const chipY = mla.y + L.title;
  const chipH = mla.h - L.title - L.chipGap;
  const chip = (i: number): Box => ({ x: mla.x + L.chipGap + i * (chipW + L.chipGap), y: chipY, w: chipW, h: chipH });
  const ffnX = mla.x + mla.w + L.gapX;
  const ffn = { x: ffnX, w: width - L.pad - 6 - ffnX, ...inner };
  const moe = isMoeLayer(c, layer);
  const shared: Box[] = [];
  const groups: GroupBox[] = [];
  const experts: ExpertCell[] = [];
  if (moe) {
    const areaY = ffn.y + L.title;
    const areaH = ffn.h - L.title - L.chipGap;
    const ns = c.n_shared_experts;
    const sharedArea = ns > 0 ? L.sharedWidth : 0;
    const sx = d3
      .scaleBand<number>()
      .domain(d3.range(ns))
      .range([ffn.x + L.chipGap, ffn.x + L.chipGap + sharedArea])
      .paddingInner(0.15);
    for (let s = 0; s < ns; s++) shared.push({ x: sx(s) ?? 0, y: areaY, w: sx.bandwidth(), h: areaH });
    const nr = c.n_routed_experts as number;
    const perGroup = nr / c.n_group;
    const gx = d3
      .scaleBand<number>()
      .domain(d3.range(c.n_group))
      .range([ffn.x + L.chipGap + sharedArea + (ns > 0 ? L.gapX : 0), ffn.x + ffn.w - L.chipGap])
      .paddingInner(0.08);
    const { rows, cols } = expertGrid(perGroup, gx.bandwidth() - 6, areaH - 3 - L.groupLabel);
    for (let g = 0; g < c.n_group; g++) {
      const box = { group: g, x: gx(g) ?? 0, y: areaY, w: gx.bandwidth(), h: areaH };
      groups.push(box);
      const ex = d3
        .scaleBand<number>()
        .domain(d3.range(cols))
        .range([box.x + 3, box.x + box.w - 3])
        .paddingInner(0.2);
      const ey = d3
        .scaleBand<number>()
        .domain(d3.range(rows))
        .range([box.y + 3, box.y + box.h - LAYOUT.groupLabel])
        .paddingInner(0.2);
      for (let k = 0; k < perGroup; k++) {
        const col = k % cols;
        const r = Math.floor(k / cols);
        experts.push({
          expert: g * perGroup + k,
          group: g,
          x: ex(col) ?? 0,
          y: ey(r) ?? 0,
          w: ex.bandwidth(),
          h: ey.bandwidth(),
        });
      }
    }
  }
  return {
    kind: 'layer',
    layer,
    moe,
    row,
    mla,
    qChip: chip(0),
    ckvChip: chip(1),
    ropeChip: chip(2),
    ffn,
    shared,
    groups,
    experts,
  };
}

/** Lays out the whole diagram top to bottom. */
export function architectureLayout(c: DeepseekV2Config, opts: LayoutOptions = {}): ArchitectureLayout {
  const L = LAYOUT;
  const width = opts.width ?? L.width;
  const maxRows = opts.maxLayerRows ?? 6;
  const blockW = Math.min(320, width - 2 * L.pad);
  const centre = width / 2;
  const block = (y: number): Box => ({ x: centre - blockW / 2, y, w: blockW, h: L.blockHeight });
  const arrows: ArchitectureLayout['arrows'] = [];
  let y = L.pad;
  const embedding = block(y);
  y += L.blockHeight;
  const rows: (LayerRow | GapRow)[] = [];
  for (const v of visibleLayers(c.num_hidden_layers, maxRows)) {
    arrows.push({ x: centre, y1: y, y2: y + L.arrow });
    y += L.arrow;
    if (typeof v === 'number') {
      rows.push(layerRow(c, v, y, width));
      y += L.layerHeight;
    } else {
      const moeLayers = d3.range(v.from, v.to + 1).filter((l) => isMoeLayer(c, l)).length;
      rows.push({
        kind: 'gap',
        from: v.from,
        to: v.to,
        moeLayers,
        row: { x: L.pad, y, w: width - 2 * L.pad, h: L.gapRowHeight },
      });
      y += L.gapRowHeight;
    }
  }
  arrows.push({ x: centre, y1: y, y2: y + L.arrow });
  y += L.arrow;
  const norm = block(y);
  y += L.blockHeight;
  arrows.push({ x: centre, y1: y, y2: y + L.arrow });
  y += L.arrow;
  const lmHead = block(y);
  y += L.blockHeight + L.pad;
  return { width, height: y, embedding, rows, norm, lmHead, arrows };
}
