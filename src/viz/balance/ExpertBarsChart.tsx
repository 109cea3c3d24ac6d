/** One upright bar per routed expert, coloured and bracketed by device, with a reference line. */
import { ChartSvg, HatchPattern, RefLine, YGrid } from '../common/ChartParts';
import { S } from '../../strings';
import { Rect } from '../common/Rect';
import { categoryStyle } from '../common/palette';
import type { ExpertChart } from './balanceCharts';

export interface ExpertBarsChartProps {
  /** geometry from expertLoadChart or meanProbChart. */
  chart: ExpertChart;
  /** the SVG's accessible summary. */
  label: string;
  /** text beside the reference line ("fair share = 1"). */
  refLabel: string;
  /** y-axis tick text. */
  format: (v: number) => string;
  /** element id for the hatch pattern of dropped parts (unique on the page). */
  hatchId: string;
}

export function ExpertBarsChart({ chart, label, refLabel, format, hatchId }: ExpertBarsChartProps) {
  const { axis } = chart;
  const { width, height, margin } = axis;
  const base = height - margin.bottom;
  return (
    <ChartSvg width={width} height={height} label={label}>
      <defs>
        <HatchPattern id={hatchId} />
      </defs>
      <YGrid ticks={axis.ticks} x0={margin.left} x1={width - margin.right} format={format} />
      {chart.bars.map((b) => (
        <g key={b.expert} style={categoryStyle(b.device)}>
          <Rect className="viz-cat" x={b.x} y={b.bar.y} width={b.width} height={b.bar.height} />
          {b.dropped && (
            <Rect
              className="lb-dropped"
              x={b.x}
              y={b.dropped.y}
              width={b.width}
              height={b.dropped.height}
              fill={`url(#${hatchId})`}
            />
          )}
          {b.label && (
            <text x={b.x + b.width / 2} y={base + 12} textAnchor="middle" aria-hidden="true">
              {b.expert}
            </text>
          )}
        </g>
      ))}
      <g aria-hidden="true">
        {chart.devices.map((d) => (
          <g key={d.device} style={categoryStyle(d.device)}>
            <Rect className="viz-cat" x={d.x0} y={base + 18} width={d.x1 - d.x0} height={3} />
            <text className="viz-muted" x={(d.x0 + d.x1) / 2} y={base + 33} textAnchor="middle">
              {S.balance.deviceName(d.device)}
            </text>
          </g>
        ))}
      </g>
      <RefLine
        x1={margin.left}
        x2={width - margin.right}
        y1={chart.refY}
        y2={chart.refY}
        label={refLabel}
        labelAt="right"
      />
    </ChartSvg>
  );
}
