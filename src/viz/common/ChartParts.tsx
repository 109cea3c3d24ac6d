/** Small SVG pieces the bar charts share: the svg itself, a value axis with grid lines, a labelled line, a hatch. */
import type { ReactNode } from 'react';
import type { Tick } from './bars';

export interface ChartSvgProps {
  /** viewBox width, px: the chart shrinks to its column but never grows past it. */
  width: number;
  /** viewBox height, px. */
  height: number;
  /** the chart's accessible summary (role img). */
  label: string;
  /** a view's own class, after viz-chart. */
  className?: string;
  /** the chart's marks. */
  children: ReactNode;
}

/** The chart's svg: one image for assistive technology, named by its summary. */
export function ChartSvg({ width, height, label, className, children }: ChartSvgProps) {
  return (
    <svg
      className={className ? `viz-chart ${className}` : 'viz-chart'}
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: width }}
      role="img"
      aria-label={label}
    >
      {children}
    </svg>
  );
}

export interface YGridProps {
  /** ticks from the layout. */
  ticks: Tick[];
  /** left and right ends of the plot area, px. */
  x0: number;
  x1: number;
  /** tick label text. */
  format: (v: number) => string;
}

/** Horizontal grid lines with their values at the left. */
export function YGrid({ ticks, x0, x1, format }: YGridProps) {
  return (
    <g className="viz-grid" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t.value}>
          <line x1={x0} x2={x1} y1={t.at} y2={t.at} />
          <text x={x0 - 4} y={t.at} dy="0.32em" textAnchor="end">
            {format(t.value)}
          </text>
        </g>
      ))}
    </g>
  );
}

export interface XGridProps {
  /** ticks from the layout. */
  ticks: Tick[];
  /** top and bottom of the plot area, px. */
  y0: number;
  y1: number;
  /** tick label text. */
  format: (v: number) => string;
}

/** Vertical grid lines with their values along the bottom. */
export function XGrid({ ticks, y0, y1, format }: XGridProps) {
  return (
    <g className="viz-grid" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t.value}>
          <line x1={t.at} x2={t.at} y1={y0} y2={y1} />
          <text x={t.at} y={y1 + 12} textAnchor="middle">
            {format(t.value)}
          </text>
        </g>
      ))}
    </g>
  );
}

export interface RefLineProps {
  /** the line's ends, px. */
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  /** the text written at its end ("fair share = 1"); a "\n" starts a second line. */
  label: string;
  /** where the label goes: in the right margin after the right end, or above the top end. */
  labelAt: 'right' | 'top';
}

/** A dashed reference line in the ink colour, with its meaning written beside it. */
export function RefLine({ x1, x2, y1, y2, label, labelAt }: RefLineProps) {
  const lines = label.split('\n');
  return (
    <g className="viz-ref" aria-hidden="true">
      <line x1={x1} x2={x2} y1={y1} y2={y2} />
      {labelAt === 'right' ? (
        <text x={x2 + 4} y={y2} dy={`${0.32 - (lines.length - 1) * 0.55}em`}>
          {lines.map((l, i) => (
            <tspan key={i} x={x2 + 4} dy={i === 0 ? undefined : '1.1em'}>
              {l}
            </tspan>
          ))}
        </text>
      ) : (
        <text x={x1} y={Math.min(y1, y2) - 5} textAnchor="middle">
          {label}
        </text>
      )}
    </g>
  );
}

/** Diagonal hatching in the ink colour, for "would be removed" parts of bars. */
export function HatchPattern({ id }: { /** the pattern's element id. */ id: string }) {
  return (
    <pattern id={id} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width={6} height={6} className="viz-hatch-bg" />
      <line x1={0} y1={0} x2={0} y2={6} className="viz-hatch-line" />
    </pattern>
  );
}
