/** The three balance losses as L/α on horizontal bars, with 1 marked "balanced". */
import { ChartSvg, RefLine, XGrid } from '../common/ChartParts';
import { S } from '../../strings';
import { Rect } from '../common/Rect';
import { formatNumber } from '../common/format';
import type { LossChart as LossChartLayout } from './balanceCharts';

export interface LossChartProps {
  /** geometry from lossChart. */
  chart: LossChartLayout;
  /** the SVG's accessible summary. */
  label: string;
}

export function LossChart({ chart, label }: LossChartProps) {
  const { axis } = chart;
  const top = axis.bars[0].y;
  const bottom = axis.height;
  return (
    <ChartSvg width={axis.width} height={axis.height + 16} label={label}>
      <XGrid ticks={axis.ticks} y0={top - 4} y1={bottom} format={(v) => formatNumber(v, 1)} />
      {axis.bars.map((b, i) => (
        <g key={chart.rows[i].key} data-testid={`loss-${chart.rows[i].key}`}>
          <text x={b.x - 8} y={b.y + b.height / 2} dy="0.32em" textAnchor="end" aria-hidden="true">
            {chart.rows[i].label}
          </text>
          <Rect className="lb-loss-bar" x={b.x} y={b.y} width={b.width} height={b.height} />
          <text x={b.x + b.width + 6} y={b.y + b.height / 2} dy="0.32em" aria-hidden="true">
            {formatNumber(b.value, 3)}
          </text>
        </g>
      ))}
      <RefLine
        x1={chart.balancedX}
        x2={chart.balancedX}
        y1={top - 4}
        y2={bottom}
        label={S.balance.losses.ref}
        labelAt="top"
      />
    </ChartSvg>
  );
}
