/** Per device, two bars: f′ (mean load of its experts, filled) and f″ (tokens it receives, outlined). */
import { ChartSvg, RefLine, YGrid } from '../common/ChartParts';
import { S } from '../../strings';
import { Rect } from '../common/Rect';
import { formatNumber } from '../common/format';
import { categoryStyle } from '../common/palette';
import type { DeviceChart } from './balanceCharts';

export interface DeviceLoadChartProps {
  /** geometry from deviceLoadChart. */
  chart: DeviceChart;
  /** the SVG's accessible summary. */
  label: string;
}

const SERIES = ['f′', 'f″'];

export function DeviceLoadChart({ chart, label }: DeviceLoadChartProps) {
  const { axis } = chart;
  const { width, height, margin } = axis;
  const base = height - margin.bottom;
  return (
    <ChartSvg width={width} height={height} label={label}>
      <YGrid ticks={axis.ticks} x0={margin.left} x1={width - margin.right} format={(v) => formatNumber(v, 1)} />
      {axis.bars.map((b) => (
        <g key={`${b.index}-${b.series}`} style={categoryStyle(b.index)}>
          {/* f″ is outlined (inset by half its stroke) so the two bars differ without colour. */}
          <Rect
            className={b.series === 0 ? 'viz-cat' : 'lb-outline'}
            x={b.series === 0 ? b.x : b.x + 1}
            y={b.series === 0 ? b.y : b.y + 1}
            width={b.series === 0 ? b.width : b.width - 2}
            height={b.series === 0 ? b.height : b.height - 1}
          />
          <text x={b.x + b.width / 2} y={base + 12} textAnchor="middle" aria-hidden="true">
            {SERIES[b.series]}
          </text>
        </g>
      ))}
      <g aria-hidden="true">
        {axis.groups.map((g) => (
          <text key={g.index} className="viz-muted" x={g.x + g.width / 2} y={base + 27} textAnchor="middle">
            {S.balance.deviceName(g.index)}
          </text>
        ))}
      </g>
      <RefLine
        x1={margin.left}
        x2={width - margin.right}
        y1={chart.refY}
        y2={chart.refY}
        label={S.balance.device.ref}
        labelAt="right"
      />
    </ChartSvg>
  );
}
