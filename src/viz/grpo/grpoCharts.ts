/**
 * Geometry of the GRPO lab's charts with d3-scale and d3-shape: the advantages of a group as bars
 * from a zero line, and the curves over steps. Pure; the components draw what this returns.
 */
import { line, scaleBand, scaleLinear } from 'd3';
import type { BarRect, Margin, Tick } from '../common/bars';
import { maxOf, minOf } from '../common/extent';

export const CHART = {
  advantages: { width: 420, height: 200, margin: { top: 14, right: 12, bottom: 30, left: 44 } as Margin },
  curve: { width: 260, height: 140, margin: { top: 12, right: 12, bottom: 26, left: 44 } as Margin },
} as const;

/** One advantage's bar, from the zero line up or down. */
export type AdvantageBar = BarRect;

export interface AdvantageBars {
  width: number;
  height: number;
  bars: AdvantageBar[];
  ticks: Tick[];
  /** y of Â = 0, px. */
  zeroY: number;
  x0: number;
  x1: number;
}

/** Bars up from 0 for positive advantages and down for negative, on an axis symmetric about 0. */
export function advantageBars(values: readonly number[]): AdvantageBars {
  const { width, height, margin } = CHART.advantages;
  const m = Math.max(0.5, ...values.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
  const y = scaleLinear()
    .domain([-m, m])
    .nice(4)
    .range([height - margin.bottom, margin.top]);
  const x = scaleBand<number>()
    .domain(values.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const zeroY = y(0);
  const bars = values.map((value, index) => {
    const top = y(Math.max(0, value));
    return { index, value, x: x(index) ?? 0, y: top, width: x.bandwidth(), height: Math.abs(y(value) - zeroY) };
  });
  const ticks = y.ticks(4).map((value) => ({ value, at: y(value) }));
  return { width, height, bars, ticks, zeroY, x0: margin.left, x1: width - margin.right };
}

export interface CurvePoint {
  step: number;
  value: number;
}

export interface Curve {
  width: number;
  height: number;
  /** the SVG path of the line ('' with no points). */
  path: string;
  /** each point's position, for the markers. */
  dots: { x: number; y: number; step: number; value: number }[];
  yTicks: Tick[];
  xTicks: Tick[];
  /** plot area, px. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** x of each step given in `marks` (reference resets), px. */
  marks: number[];
}

/** A line over steps; NaN values are left out. `yDomain` fixes the value axis (e.g. [0, 1] for accuracy). */
export function curve(
  points: readonly CurvePoint[],
  o: { yDomain?: [number, number]; maxStep?: number; marks?: readonly number[] } = {},
): Curve {
  const { width, height, margin } = CHART.curve;
  const pts = points.filter((p) => Number.isFinite(p.value));
  const lastStep = maxOf(
    pts.map((p) => p.step),
    1,
    o.maxStep ?? 1,
    1,
  );
  const x = scaleLinear()
    .domain([0, lastStep])
    .range([margin.left, width - margin.right]);
  const lo = minOf(
    pts.map((p) => p.value),
    0,
    0,
  );
  const hi = maxOf(
    pts.map((p) => p.value),
    lo + 1e-3,
    lo + 1e-3,
  );
  const y = scaleLinear()
    .domain(o.yDomain ?? [lo, hi])
    .nice(3)
    .range([height - margin.bottom, margin.top]);
  const dots = pts.map((p) => ({ x: x(p.step), y: y(p.value), step: p.step, value: p.value }));
  const path = line<{ x: number; y: number }>()
    .x((d) => d.x)
    .y((d) => d.y)(dots);
  return {
    width,
    height,
    path: path ?? '',
    dots,
    yTicks: y.ticks(3).map((value) => ({ value, at: y(value) })),
    xTicks: x
      .ticks(4)
      .filter(Number.isInteger)
      .map((value) => ({ value, at: x(value) })),
    x0: margin.left,
    x1: width - margin.right,
    y0: margin.top,
    y1: height - margin.bottom,
    marks: (o.marks ?? []).map((s) => x(s)),
  };
}
