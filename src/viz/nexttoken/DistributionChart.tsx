/**
 * Horizontal bars of a top-10 next-token distribution. In the what-if chart a tick marks each
 * token's recorded probability, and tokens that were not in the recorded top 10 say "new".
 */
import { ChartSvg, XGrid } from '../common/ChartParts';
import { Rect } from '../common/Rect';
import { tickStep } from '../common/bars';
import { formatPercent, percentTicks } from '../common/format';
import { tokenLabel, type DistributionChart as Layout } from './barsLayout';

export interface DistributionChartProps {
  /** geometry from distributionChart. */
  chart: Layout;
  /** the SVG's accessible summary. */
  label: string;
  /** 'recorded' bars in the accent colour; 'whatif' bars in the second colour, with recorded ticks. */
  variant: 'recorded' | 'whatif';
}

export function DistributionChart({ chart, label, variant }: DistributionChartProps) {
  const { axis, rows } = chart;
  const top = rows.length ? rows[0].bar.y - 2 : 0;
  return (
    <ChartSvg width={axis.width} height={axis.height + 18} label={label} className="nt-chart">
      <XGrid ticks={axis.ticks} y0={top} y1={axis.height + 2} format={percentTicks(tickStep(axis.ticks))} />
      {rows.map((r) => {
        const mid = r.bar.y + r.bar.height / 2;
        return (
          <g key={r.token.id} className="nt-row" data-token-id={r.token.id}>
            <text className="nt-token" x={r.bar.x - 6} y={mid} dy="0.32em" textAnchor="end" aria-hidden="true">
              {tokenLabel(r.token.text)}
            </text>
            <Rect
              className={variant === 'recorded' ? 'nt-bar' : 'nt-bar-whatif'}
              x={r.bar.x}
              y={r.bar.y}
              width={r.bar.width}
              height={r.bar.height}
            />
            {r.referenceX !== null && (
              <line
                className="nt-ref-tick"
                x1={r.referenceX}
                x2={r.referenceX}
                y1={r.bar.y - 2}
                y2={r.bar.y + r.bar.height + 2}
                aria-hidden="true"
              />
            )}
            <text x={Math.max(r.bar.x + r.bar.width, r.referenceX ?? 0) + 5} y={mid} dy="0.32em" aria-hidden="true">
              {formatPercent(r.token.p)}
              {variant === 'whatif' && r.referenceP === null && <tspan className="nt-new"> new</tspan>}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
