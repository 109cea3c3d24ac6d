/**
 * Geometry for the Balance lab's charts, with d3: line charts of a value over training steps and
 * the per-expert load heatmap over steps. Pure; no DOM, no React.
 */
import { interpolateViridis, line, scaleLinear, scaleSequential } from 'd3';
import type { Margin, Tick } from '../common/bars';
import { decimateMinMax } from '../common/decimate';
import { maxOf, minOf } from '../common/extent';

export interface Series {
  /** the legend name. */
  name: string;
  /** [step, value] pairs in step order; non-finite values leave a gap. */
  points: [number, number][];
}

export interface LinePath {
  name: string;
  /** the SVG path `d`. */
  d: string;
  /** the last point, px, for the end label; null when the series is empty. */
  end: { x: number; y: number; value: number } | null;
}

export interface LineLayout {
  width: number;
  height: number;
  margin: Margin;
  paths: LinePath[];
  xTicks: Tick[];
  yTicks: Tick[];
  /** value → y, px. */
  y: (v: number) => number;
  /** the y domain. */
  yDomain: [number, number];
}

export interface LineOptions {
  width: number;
  height: number;
  margin: Margin;
  /** values the y axis must include (e.g. 0 and a reference line at 1). */
  include?: number[];
}

/** Points a curve keeps per pixel of plot width when it is drawn (decimateMinMax keeps min and max). */
const BUCKETS_PER_PX = 1;

/**
 * Lines for `series` over a shared step axis, with nice ticks. Extents are found in loops (a run
 * can have hundreds of thousands of points) and each line is drawn from at most about two points
 * per pixel column, each column's smallest and largest, so spikes stay visible.
 */
export function lineLayout(series: Series[], o: LineOptions): LineLayout {
  const { width, height, margin } = o;
  let s0 = Infinity;
  let s1 = -Infinity;
  let lo = minOf(o.include ?? []);
  let hi = maxOf(o.include ?? []);
  for (const s of series) {
    for (const [step, v] of s.points) {
      if (!Number.isFinite(v)) continue;
      if (step < s0) s0 = step;
      if (step > s1) s1 = step;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const x = scaleLinear()
    .domain([Math.min(1, s0), Math.max(2, s1)])
    .range([margin.left, width - margin.right]);
  if (lo === Infinity) [lo, hi] = [0, 1];
  const y = scaleLinear()
    .domain(lo === hi ? [Math.min(0, lo * 1.5), hi > 0 ? hi * 1.5 : 1] : [lo, hi]) // flat: from 0 up
    .nice(4)
    .range([height - margin.bottom, margin.top]);
  const path = line<[number, number]>()
    .defined(([, v]) => Number.isFinite(v))
    .x(([s]) => x(s))
    .y(([, v]) => y(v));
  const buckets = Math.max(1, Math.round((width - margin.left - margin.right) * BUCKETS_PER_PX));
  const paths = series.map((s) => {
    let last: [number, number] | undefined;
    for (let i = s.points.length - 1; i >= 0 && !last; i--) if (Number.isFinite(s.points[i][1])) last = s.points[i];
    return {
      name: s.name,
      d: path(decimateMinMax(s.points, buckets)) ?? '',
      end: last ? { x: x(last[0]), y: y(last[1]), value: last[1] } : null,
    };
  });
  const [d0, d1] = y.domain() as [number, number];
  return {
    width,
    height,
    margin,
    paths,
    xTicks: x
      .ticks(5)
      .filter(Number.isInteger)
      .map((v) => ({ value: v, at: x(v) })),
    yTicks: y.ticks(4).map((v) => ({ value: v, at: y(v) })),
    y,
    yDomain: [d0, d1],
  };
}

export interface HeatCell {
  /** column (bin of steps) and row (expert). */
  col: number;
  expert: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** mean f of the expert over the bin's steps. */
  value: number;
  fill: string;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  margin: Margin;
  cells: HeatCell[];
  /** first and last step of each column. */
  bins: { from: number; to: number }[];
  /** y of each expert row's centre, px. */
  rows: number[];
  /** the colour domain top: f of this much or more is the brightest. */
  max: number;
  /** value → colour (the same scale as the cells). */
  color: (v: number) => string;
}

export interface HeatmapOptions {
  width: number;
  height: number;
  margin: Margin;
  /** at most this many columns: consecutive steps are averaged into bins. */
  maxColumns: number;
  /** colour domain top (default: max(2, largest value)). */
  max?: number;
}

/**
 * Per-expert load over steps: loads[i] is f of every expert at steps[i]. Steps are binned into at
 * most maxColumns columns of equal step counts, each cell the mean f over its bin.
 */
export function heatmapLayout(steps: number[], loads: number[][], o: HeatmapOptions): HeatmapLayout {
  const { width, height, margin } = o;
  const n = steps.length;
  const experts = loads[0]?.length ?? 0;
  const cols = Math.min(n, o.maxColumns);
  const per = cols > 0 ? Math.ceil(n / cols) : 1;
  const binCount = cols > 0 ? Math.ceil(n / per) : 0;
  const bins: { from: number; to: number }[] = [];
  const means: number[][] = [];
  for (let b = 0; b < binCount; b++) {
    const rows = loads.slice(b * per, (b + 1) * per);
    bins.push({ from: steps[b * per], to: steps[Math.min(n, (b + 1) * per) - 1] });
    means.push(Array.from({ length: experts }, (_, e) => rows.reduce((a, r) => a + r[e], 0) / rows.length));
  }
  const max = o.max ?? means.reduce((m, col) => maxOf(col, m, m), 2);
  const color = scaleSequential(interpolateViridis).domain([0, max]).clamp(true);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const cw = binCount > 0 ? plotW / binCount : 0;
  const rh = experts > 0 ? plotH / experts : 0;
  const cells: HeatCell[] = [];
  means.forEach((col, c) =>
    col.forEach((value, e) =>
      cells.push({
        col: c,
        expert: e,
        x: margin.left + c * cw,
        y: margin.top + e * rh,
        width: cw,
        height: rh,
        value,
        fill: color(value),
      }),
    ),
  );
  return {
    width,
    height,
    margin,
    cells,
    bins,
    rows: Array.from({ length: experts }, (_, e) => margin.top + (e + 0.5) * rh),
    max,
    color: (v: number) => color(v),
  };
}
