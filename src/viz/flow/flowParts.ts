/**
 * Geometry inside one layer of the Model flow: the rows of a detailed MLA block (what is written
 * to the latent cache, then what the query reads), the rows of a detailed FFN block, and the grid
 * of routed experts in their device groups. Pure: config and a box in, boxes out.
 */
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';

/** A rectangle, px. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Row heights inside a block, px. `sym` rows carry paper notation with sub/superscripts (c_KV,
 * k^R, c^Q), so they are taller than plain rows and their labels never touch. `cacheMin`: the
 * least height of the latent-cache rows; `reads`: read rows at most (fewer when space is short);
 * `maxCell`, `maxCellWide`: an expert cell at most, in a stacked and in a split block.
 */
export const PART = {
  pad: 3,
  title: 14,
  row: 13,
  sym: 16,
  cacheMin: 30,
  reads: 3,
  maxCell: 11,
  maxCellWide: 20,
  groupGap: 4,
} as const;

/** From this width a detailed block puts its two parts side by side instead of stacking them. */
export const SPLIT_W = 420;

/** The share of a split block's width taken by its left part (cache, router). */
const LEFT = 0.56;

/** The block `box` cut into its left and right parts. */
function split(box: Box): [Box, Box] {
  const lw = Math.round(box.w * LEFT);
  return [
    { ...box, w: lw },
    { x: box.x + lw, y: box.y, w: box.w - lw, h: box.h },
  ];
}

export interface MlaParts {
  title: Box;
  /** c_KV and k^R for this token: what it appends to the latent cache. */
  cKV: Box;
  kR: Box;
  /** the latent cache, one row per token so far. */
  cache: Box;
  /** the query (through c^Q where the config has q-LoRA). */
  q: Box;
  /** the earlier tokens the heads read most, one row each. */
  reads: Box[];
  /** MLA's output, added to the residual stream. */
  out: Box;
  /** the part that opens the KV cache view (title, c_KV, k^R, cache). */
  kvButton: Box;
  /** the part that opens the Attention view (q, reads, output). */
  attnButton: Box;
}

/** One routed expert's cell. */
export interface ExpertCell {
  expert: number;
  group: number;
  x: number;
  y: number;
  size: number;
}

export interface ExpertGrid {
  cells: ExpertCell[];
  /** each device group's outline. */
  groups: (Box & { group: number })[];
}

export interface FfnParts {
  title: Box;
  /** MoE: the routed experts by device group; null for a dense layer. */
  grid: ExpertGrid | null;
  /** MoE: one row per chosen expert (gate weight bars); dense: the MLP's shape. */
  gates: Box[];
  /** MoE: the shared experts, always on; null for dense. */
  shared: Box | null;
  out: Box;
  /** MoE: the part that opens Expert routing (title, grid); dense: the whole block. */
  routerButton: Box;
  /** MoE: the part that opens Load balance (gates, shared, output); null for dense. */
  expertsButton: Box | null;
}

function rows(box: Box, y: number, heights: number[]): { boxes: Box[]; y: number } {
  const boxes: Box[] = [];
  for (const h of heights) {
    boxes.push({ x: box.x + PART.pad, y, w: box.w - 2 * PART.pad, h });
    y += h;
  }
  return { boxes, y };
}

const span = (a: Box, b: Box): Box => ({ x: a.x, y: a.y, w: a.w, h: b.y + b.h - a.y });

/** How many read rows fit in `h` px after `fixed` px, at most PART.reads. */
const readsFitting = (h: number, fixed: number): number =>
  Math.max(0, Math.min(PART.reads, Math.floor((h - fixed) / PART.row)));

/**
 * The rows of a detailed MLA block in `box`. Wide: the cache part (title, c_KV, k^R, the cache
 * rows) on the left, the query part (q, reads, output) on the right. Narrow: stacked; the cache
 * keeps at least PART.cacheMin px and read rows are dropped when the block is short.
 */
export function mlaParts(_c: DeepseekV2Config, box: Box): MlaParts {
  const { pad, title, row, sym, cacheMin } = PART;
  if (box.w >= SPLIT_W) {
    const [left, right] = split(box);
    const cacheH = Math.max(0, box.h - 2 * pad - title - 2 * sym);
    const [t, cKV, kR, cache] = rows(left, left.y + pad, [title, sym, sym, cacheH]).boxes;
    const n = readsFitting(right.h - 2 * pad - title, sym + row);
    const [q, ...rest] = rows(right, right.y + pad + title, [sym, ...new Array<number>(n).fill(row), row]).boxes;
    return { title: t, cKV, kR, cache, q, reads: rest.slice(0, n), out: rest[n], kvButton: left, attnButton: right };
  }
  const fixed = 2 * pad + title + 3 * sym + 4 + row;
  const n = readsFitting(box.h, fixed + cacheMin);
  const cacheH = Math.max(0, box.h - fixed - n * row);
  const top = rows(box, box.y + pad, [title, sym, sym, cacheH]);
  const bottom = rows(box, top.y + 4, [sym, ...new Array<number>(n).fill(row), row]);
  const [t, cKV, kR, cache] = top.boxes;
  const [q, ...rest] = bottom.boxes;
  return {
    title: t,
    cKV,
    kR,
    cache,
    q,
    reads: rest.slice(0, n),
    out: rest[n],
    kvButton: { ...span(t, cache), x: box.x, w: box.w },
    attnButton: { ...span(q, rest[n]), x: box.x, w: box.w },
  };
}

/**
 * The N_r routed experts in n_group device groups, fitted into `box`: groups side by side (and
 * in rows of groups when that gives bigger cells), each group a small grid; cells at most
 * `maxCell` px.
 */
export function expertGrid(c: DeepseekV2Config, box: Box, maxCell: number = PART.maxCell): ExpertGrid {
  const nr = c.n_routed_experts ?? 0;
  const G = Math.max(1, c.n_group);
  const per = nr / G;
  const gap = box.w > 40 && box.h > 40 ? PART.groupGap : 2;
  let best = { size: 0, across: 1, cols: 1, waste: Infinity };
  for (let across = 1; across <= G; across++) {
    const down = Math.ceil(G / across);
    for (let cols = 1; cols <= per; cols++) {
      const rowsPer = Math.ceil(per / cols);
      const size = Math.min(
        (box.w - gap * (across - 1)) / (across * cols),
        (box.h - gap * (down - 1)) / (down * rowsPer),
        maxCell,
      );
      // the biggest cells; on a tie, the fewest empty places, then the widest arrangement.
      const waste = G * rowsPer * cols - nr + (Math.ceil(G / across) * across - G) * per;
      const tie = Math.abs(size - best.size) < 1e-9;
      const better = tie && (waste < best.waste || (waste === best.waste && across * cols > best.across * best.cols));
      if (size > best.size + 1e-9 || better) best = { size, across, cols, waste };
    }
  }
  const { size, across, cols } = best;
  const rowsPer = Math.ceil(per / cols);
  const cells: ExpertCell[] = [];
  const groups: ExpertGrid['groups'] = [];
  for (let g = 0; g < G; g++) {
    const gx = box.x + (g % across) * (cols * size + gap);
    const gy = box.y + Math.floor(g / across) * (rowsPer * size + gap);
    groups.push({ group: g, x: gx, y: gy, w: cols * size, h: rowsPer * size });
    for (let i = 0; i < per; i++) {
      cells.push({
        expert: g * per + i,
        group: g,
        x: gx + (i % cols) * size,
        y: gy + Math.floor(i / cols) * size,
        size,
      });
    }
  }
  return { cells, groups };
}

/** The rows of a detailed FFN block in `box`: DeepSeekMoE (router, experts) or a dense MLP. */
export function ffnParts(c: DeepseekV2Config, layer: number, box: Box): FfnParts {
  const { pad, title, row } = PART;
  if (!isMoeLayer(c, layer)) {
    const r = rows(box, box.y + pad, [title, row, row, row]);
    const [t, ...body] = r.boxes;
    const out = { ...body[2], y: box.y + box.h - pad - row };
    const whole = { x: box.x, y: box.y, w: box.w, h: box.h };
    return {
      title: t,
      grid: null,
      gates: body.slice(0, 2),
      shared: null,
      out,
      routerButton: whole,
      expertsButton: null,
    };
  }
  const k = c.num_experts_per_tok;
  // the grid area: a line saying how the router picks, the cells, a line of device names.
  const text = 12;
  if (box.w >= SPLIT_W) {
    const [left, right] = split(box);
    const gridH = Math.max(8, left.h - 2 * pad - title - 2 * text);
    const [t, , gridBox] = rows(left, left.y + pad, [title, text, gridH, text]).boxes;
    const gateRow = Math.min(row, (right.h - 2 * pad - 2 * row) / k);
    const bottom = rows(right, right.y + pad, [...new Array<number>(k).fill(gateRow), row, row]).boxes;
    const [shared, out] = bottom.slice(k);
    return {
      title: t,
      grid: expertGrid(c, gridBox, PART.maxCellWide),
      gates: bottom.slice(0, k),
      shared,
      out,
      routerButton: left,
      expertsButton: right,
    };
  }
  // gate rows shrink (below 8 px only in a very short block) so the rows always fit in the box.
  const room = (box.h - 2 * pad - title - 4 - 2 * row - 2 * text - 8) / k;
  const gateRow = Math.max(1, Math.min(row, Math.max(8, (box.h * 0.45) / (k + 2)), room));
  const gridH = Math.max(8, box.h - 2 * pad - title - 4 - k * gateRow - 2 * row - 2 * text);
  const top = rows(box, box.y + pad, [title, text, gridH, text]);
  const bottom = rows(box, top.y + 4, [...new Array<number>(k).fill(gateRow), row, row]);
  const [t, , gridBox, names] = top.boxes;
  const gates = bottom.boxes.slice(0, k);
  const [shared, out] = bottom.boxes.slice(k);
  return {
    title: t,
    grid: expertGrid(c, gridBox),
    gates,
    shared,
    out,
    routerButton: { ...span(t, names), x: box.x, w: box.w },
    expertsButton: { ...span(gates[0], out), x: box.x, w: box.w },
  };
}
