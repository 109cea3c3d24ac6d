/**
 * Bar-chart geometry with d3-scale: the views hand in values and a size, and draw the rects
 * this returns. Pure; no DOM, no React.
 */
import { scaleBand, scaleLinear } from 'd3';

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** One bar in SVG user units, inside the plot area (already offset by the margins). */
export interface BarRect {
  /** index into the values. */
  index: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Tick {
  value: number;
  /** position along the value axis, px. */
  at: number;
}

export interface VerticalBars {
  width: number;
  height: number;
  margin: Margin;
  bars: BarRect[];
  ticks: Tick[];
  /** value → y (px); values above the domain are clipped to the top. */
  y: (v: number) => number;
  /** the top of the value axis. */
  yMax: number;
  /** width of one band, px. */
  bandwidth: number;
}

export interface VerticalBarsOptions {
  width: number;
  height: number;
  margin: Margin;
  /** the value axis reaches at least this, e.g. 2 so the fair-share line at 1 sits mid-chart. */
  minYMax?: number;
  /** fraction of each band left empty between bars. */
  padding?: number;
  ticks?: number;
}

/** Upright bars from 0 for non-negative values, one band per value, with a nice y axis. */
export function verticalBars(values: number[], o: VerticalBarsOptions): VerticalBars {
  const { width, height, margin } = o;
  const peak = Math.max(o.minYMax ?? 0, ...values.map((v) => (Number.isFinite(v) ? v : 0)));
  const yScale = scaleLinear()
    .domain([0, peak > 0 ? peak : 1])
    .nice(o.ticks ?? 4)
    .range([height - margin.bottom, margin.top]);
  const x = scaleBand<number>()
    .domain(values.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .padding(o.padding ?? 0.2);
  const yMax = yScale.domain()[1];
  const y = (v: number) => yScale(Math.max(0, Math.min(v, yMax)));
  const bars = values.map((value, index) => {
    const top = y(value);
    return { index, value, x: x(index) ?? 0, y: top, width: x.bandwidth(), height: y(0) - top };
  });
  const ticks = yScale.ticks(o.ticks ?? 4).map((value) => ({ value, at: yScale(value) }));
  return { width, height, margin, bars, ticks, y, yMax, bandwidth: x.bandwidth() };
}

export interface HorizontalBars {
  width: number;
  height: number;
  bars: BarRect[];
  /** value → x (px). */
  x: (v: number) => number;
  ticks: Tick[];
}

export interface HorizontalBarsOptions {
  width: number;
  /** height of one row, px. */
  rowHeight: number;
  /** left edge of the bars (room for the row labels), px. */
  left: number;
  /** room right of the longest bar for its value label, px. */
  right: number;
  /** room above the first row, px. */
  top?: number;
  /** the end of the value axis; shared by charts that must compare lengths. */
  xMax: number;
  /** fraction of each row left empty. */
  padding?: number;
  ticks?: number;
}

/** Left-aligned horizontal bars, one row per value, on a shared linear scale [0, xMax]. */
export function horizontalBars(values: number[], o: HorizontalBarsOptions): HorizontalBars {
  const top = o.top ?? 0;
  const xScale = scaleLinear()
    .domain([0, o.xMax > 0 ? o.xMax : 1])
    .range([o.left, o.width - o.right]);
  const pad = (o.padding ?? 0.2) * o.rowHeight;
  const x = (v: number) => xScale(Math.max(0, Math.min(v, xScale.domain()[1])));
  const bars = values.map((value, index) => ({
    index,
    value,
    x: o.left,
    y: top + index * o.rowHeight + pad / 2,
    width: x(value) - o.left,
    height: o.rowHeight - pad,
  }));
  const ticks = xScale.ticks(o.ticks ?? 3).map((value) => ({ value, at: xScale(value) }));
  return { width: o.width, height: top + values.length * o.rowHeight, bars, x, ticks };
}

/** One bar of a grouped chart: `index` is the group, `series` the bar inside it. */
export interface GroupedBarRect extends BarRect {
  series: number;
}

export interface GroupedBars extends Omit<VerticalBars, 'bars'> {
  bars: GroupedBarRect[];
  /** each group's band: left edge and width, px. */
  groups: { index: number; x: number; width: number }[];
}

/** Upright bars in groups (values[group][series]) sharing one y axis. */
export function groupedBars(values: number[][], o: VerticalBarsOptions): GroupedBars {
  const flat = values.flat();
  const base = verticalBars(flat, { ...o, padding: 0 });
  const outer = scaleBand<number>()
    .domain(values.map((_, i) => i))
    .range([o.margin.left, o.width - o.margin.right])
    .padding(o.padding ?? 0.2);
  const nSeries = Math.max(1, ...values.map((g) => g.length));
  const inner = scaleBand<number>()
    .domain(Array.from({ length: nSeries }, (_, i) => i))
    .range([0, outer.bandwidth()])
    .padding(0.08);
  const bars = values.flatMap((g, index) =>
    g.map((value, series) => {
      const top = base.y(value);
      const x = (outer(index) ?? 0) + (inner(series) ?? 0);
      return { index, series, value, x, y: top, width: inner.bandwidth(), height: base.y(0) - top };
    }),
  );
  const groups = values.map((_, index) => ({ index, x: outer(index) ?? 0, width: outer.bandwidth() }));
  return { ...base, bars, groups, bandwidth: inner.bandwidth() };
}

/** The distance between neighbouring ticks (0 with fewer than two). */
export function tickStep(ticks: Tick[]): number {
  return ticks.length > 1 ? Math.abs(ticks[1].value - ticks[0].value) : 0;
}
