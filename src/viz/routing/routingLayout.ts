/**
 * Layout of the Expert routing view: the token × expert grid of router probabilities for one MoE
 * layer, with experts grouped by device, the group-limited greedy choice of each token (
 * docs/model.md#router) and each token's path through all layers. Pure: records in, numbers out.
 */
import { interpolateViridis, scaleSequential } from 'd3';
import { S } from '../../strings';
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';
import type { TokenRecord, TokenRouting } from '../../session/records';

/** Experts per group (device): N_r / n_group. */
export function expertsPerGroup(c: DeepseekV2Config): number {
  return (c.n_routed_experts ?? 0) / Math.max(1, c.n_group);
}

/** Group (device) of a routed expert: ⌊e / (N_r / n_group)⌋. */
export function expertGroup(c: DeepseekV2Config, expert: number): number {
  return Math.floor(expert / expertsPerGroup(c));
}

/** First expert of every group: [0, N_r/n_group, 2·N_r/n_group, …]. */
export function groupStarts(c: DeepseekV2Config): number[] {
  const per = expertsPerGroup(c);
  return Array.from({ length: c.n_group }, (_, g) => g * per);
}

/** The MoE layers, ascending. */
export function moeLayers(c: DeepseekV2Config): number[] {
  return Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l));
}

/** Groups that hold at least one chosen expert, ascending. */
export function groupsReached(c: DeepseekV2Config, r: TokenRouting): number[] {
  return [...new Set(r.experts.map((e) => expertGroup(c, e)))].sort((a, b) => a - b);
}

/**
 * The device limit holds: the chosen experts sit on at most topk_group groups, all of them among
 * the groups the router selected.
 */
export function withinGroupLimit(c: DeepseekV2Config, r: TokenRouting): boolean {
  const reached = groupsReached(c, r);
  return reached.length <= c.topk_group && reached.every((g) => r.selectedGroups.includes(g));
}

/** One cell of the grid. */
export interface RoutingCell {
  expert: number;
  group: number;
  /** router softmax probability s. */
  prob: number;
  /** rank among the chosen experts (0 = largest gate); −1 when not chosen. */
  rank: number;
  /** gate weight when chosen, else 0. */
  gate: number;
  /** the cell's group is one the token may use. */
  allowed: boolean;
}

/** One token's row. */
export interface RoutingRow {
  index: number;
  text: string;
  cells: RoutingCell[];
  selectedGroups: number[];
}

/** Rows already built, per record: a record never changes, so its row is built once per layer. */
const rowCache = new WeakMap<TokenRecord, { c: DeepseekV2Config; layer: number; row: RoutingRow }[]>();

function routingRow(c: DeepseekV2Config, rec: TokenRecord, layer: number, r: TokenRouting): RoutingRow {
  const cached = rowCache.get(rec) ?? [];
  const hit = cached.find((x) => x.c === c && x.layer === layer);
  if (hit) return hit.row;
  const row: RoutingRow = {
    index: rec.index,
    text: rec.text,
    selectedGroups: r.selectedGroups,
    cells: r.probs.map((prob, expert) => {
      const rank = r.experts.indexOf(expert);
      const group = expertGroup(c, expert);
      return {
        expert,
        group,
        prob,
        rank,
        gate: rank >= 0 ? r.gates[rank] : 0,
        allowed: r.selectedGroups.includes(group),
      };
    }),
  };
  rowCache.set(rec, [...cached, { c, layer, row }]);
  return row;
}

/** The rows of the grid for `layer`; empty when the layer is dense. The same record gives the same row object. */
export function routingRows(c: DeepseekV2Config, records: TokenRecord[], layer: number): RoutingRow[] {
  const rows: RoutingRow[] = [];
  for (const rec of records) {
    const r = rec.layers[layer]?.routing;
    if (r) rows.push(routingRow(c, rec, layer, r));
  }
  return rows;
}

/** How a layer's router scored (V2 softmax, or V3 sigmoid with its selection bias), from the records. */
export interface RoutingScoring {
  scoring: 'softmax' | 'sigmoid';
  /** V3: b_i per routed expert; null for softmax. [Nr] */
  bias: number[] | null;
}

/** The scoring of `layer` as the first record routed there says; softmax when none does. */
export function routingScoring(records: TokenRecord[], layer: number): RoutingScoring {
  for (const rec of records) {
    const r = rec.layers[layer]?.routing;
    if (r)
      return r.scoring === 'sigmoid'
        ? { scoring: 'sigmoid', bias: r.bias ?? null }
        : { scoring: 'softmax', bias: null };
  }
  return { scoring: 'softmax', bias: null };
}

/** A token routed to one expert. */
export interface RoutedToken {
  index: number;
  text: string;
  gate: number;
  /** the expert's rank in this token's choice, 0 = largest gate. */
  rank: number;
}

/** Every token whose top-K at `layer` includes `expert`, by position. */
export function tokensRoutedTo(records: TokenRecord[], layer: number, expert: number): RoutedToken[] {
  const out: RoutedToken[] = [];
  for (const rec of records) {
    const r = rec.layers[layer]?.routing;
    const rank = r ? r.experts.indexOf(expert) : -1;
    if (r && rank >= 0) out.push({ index: rec.index, text: rec.text, gate: r.gates[rank], rank });
  }
  return out;
}

/** Tokens per routed expert at `layer` (the expert's load). [N_r] */
export function expertLoads(c: DeepseekV2Config, records: TokenRecord[], layer: number): number[] {
  const loads = new Array<number>(c.n_routed_experts ?? 0).fill(0);
  for (const rec of records) for (const e of rec.layers[layer]?.routing?.experts ?? []) loads[e]++;
  return loads;
}

/** One layer of a token's path. */
export type PathStep =
  | { layer: number; kind: 'dense' }
  | {
      layer: number;
      kind: 'moe';
      selectedGroups: number[];
      /** chosen experts by gate descending, with their group. */
      experts: { expert: number; gate: number; group: number }[];
      /** ‖shared output‖₂ and ‖routed output‖₂. */
      sharedNorm: number;
      routedNorm: number;
    };

/** Where one token goes in every layer: the dense MLP, or its groups and chosen experts. */
export function tokenPath(c: DeepseekV2Config, rec: TokenRecord): PathStep[] {
  return rec.layers.map((L): PathStep => {
    const r = L.routing;
    if (!r) return { layer: L.layer, kind: 'dense' };
    return {
      layer: L.layer,
      kind: 'moe',
      selectedGroups: r.selectedGroups,
      experts: r.experts.map((expert, i) => ({ expert, gate: r.gates[i], group: expertGroup(c, expert) })),
      sharedNorm: r.sharedNorm,
      routedNorm: r.routedNorm,
    };
  });
}

/** A column of the grid: a routed expert, or one of the N_s always-on shared experts. */
export interface ExpertColumn {
  kind: 'routed' | 'shared';
  /** expert index within its kind. */
  expert: number;
  /** group of a routed expert; null for shared ones. */
  group: number | null;
  /** left edge, px. */
  x: number;
  width: number;
}

/** The grid's geometry. */
export interface RoutingGrid {
  columns: ExpertColumn[];
  /** per group, its horizontal extent, px. */
  groups: { group: number; x0: number; x1: number }[];
  /** extent of the shared block; null when N_s = 0. */
  shared: { x0: number; x1: number } | null;
  /** x of the separator lines between groups (and before the shared block), px. */
  separators: number[];
  /** room for the token labels at the left, px. */
  left: number;
  /** height of the header rows (group labels, expert buttons) above the cells, px. */
  top: number;
  rowHeight: number;
  width: number;
  height: number;
}

export interface GridOptions {
  /** token label column, px. */
  left?: number;
  /** header height, px. */
  top?: number;
  cell?: number;
  rowHeight?: number;
  /** gap between groups, px. */
  groupGap?: number;
  /** gap before the shared block, px. */
  sharedGap?: number;
}

export function routingGrid(c: DeepseekV2Config, nRows: number, o: GridOptions = {}): RoutingGrid {
  const left = o.left ?? 104;
  const top = o.top ?? 48;
  const cell = o.cell ?? 30;
  const rowHeight = o.rowHeight ?? 20;
  const groupGap = o.groupGap ?? 8;
  const sharedGap = o.sharedGap ?? 18;
  const nr = c.n_routed_experts ?? 0;
  const per = expertsPerGroup(c);
  const columns: ExpertColumn[] = [];
  const groups: RoutingGrid['groups'] = [];
  const separators: number[] = [];
  let x = left;
  for (let e = 0; e < nr; e++) {
    const g = Math.floor(e / per);
    if (e > 0 && e % per === 0) {
      separators.push(x + groupGap / 2);
      x += groupGap;
    }
    if (e % per === 0) groups.push({ group: g, x0: x, x1: x + per * cell });
    columns.push({ kind: 'routed', expert: e, group: g, x, width: cell });
    x += cell;
  }
  let shared: RoutingGrid['shared'] = null;
  if (c.n_shared_experts > 0) {
    separators.push(x + sharedGap / 2);
    x += sharedGap;
    shared = { x0: x, x1: x + c.n_shared_experts * cell };
    for (let s = 0; s < c.n_shared_experts; s++) {
      columns.push({ kind: 'shared', expert: s, group: null, x, width: cell });
      x += cell;
    }
  }
  return { columns, groups, shared, separators, left, top, rowHeight, width: x, height: top + nRows * rowHeight };
}

/** Sequential, colour-blind-safe (viridis) colour of a probability in [0, max]. */
export function probColor(max: number): (p: number) => string {
  const s = scaleSequential(interpolateViridis)
    .domain([0, max > 0 ? max : 1])
    .clamp(true);
  return (p) => s(p);
}

/** Largest probability in the grid (top of the colour scale). */
export function maxProb(rows: RoutingRow[]): number {
  let m = 0;
  for (const r of rows) for (const cell of r.cells) m = Math.max(m, cell.prob);
  return m;
}

/** The grid's aria-label: size, the selected token's choice, the busiest expert. */
export function routingSummary(
  c: DeepseekV2Config,
  rows: RoutingRow[],
  layer: number,
  selected: number,
  loads: number[],
): string {
  const sel = rows.find((r) => r.index === selected);
  const busiest = loads.reduce((best, n, e) => (n > loads[best] ? e : best), 0);
  const chosen = sel
    ? sel.cells
        .filter((x) => x.rank >= 0)
        .sort((a, b) => a.rank - b.rank)
        .map((x) => x.expert)
    : [];
  return (
    S.routing.summary(layer, rows.length, c.n_routed_experts, c.n_group, c.n_shared_experts) +
    (sel
      ? S.routing.summaryToken(sel.text, sel.index, sel.selectedGroups.join(S.routing.and), chosen.join(', '))
      : '') +
    S.routing.summaryBusiest(busiest, loads[busiest] ?? 0)
  );
}
