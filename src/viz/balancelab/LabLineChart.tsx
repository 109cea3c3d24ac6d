/** A small line chart of one or more quantities over training steps, with its data table. */
import type { Tick } from '../common/bars';
import { categoryStyle } from '../common/palette';
import { ChartSvg, RefLine, XGrid, YGrid } from '../common/ChartParts';
import { ShowData } from '../common/ShowData';
import { S } from '../../strings';
import { strideIndices } from '../common/decimate';
import { lineLayout, type Series } from './labLayout';

export interface LabLineChartProps {
  /** the chart's heading. */
  title: string;
  /** the lines; each gets a palette colour by its index. */
  series: Series[];
  /** formats values on the axis, the end labels and in the table. */
  format: (v: number) => string;
  /** values the y axis must include (0, or a reference value). */
  include?: number[];
  /** a dashed reference line and its label ("balanced = 1"). */
  reference?: { value: number; label: string };
  /** the data table's caption. */
  caption: string;
}

const SIZE = { width: 320, height: 150, margin: { top: 10, right: 64, bottom: 20, left: 44 } };

/** The data table holds at most about this many steps; a longer run shows every k-th step. */
export const TABLE_ROWS = 2000;

export function LabLineChart({ title, series, format, include, reference, caption }: LabLineChartProps) {
  const layout = lineLayout(series, {
    ...SIZE,
    include: [...(include ?? []), ...(reference ? [reference.value] : [])],
  });
  const { margin, width, height } = layout;
  const last = series.map((s) => s.points.at(-1)?.[1]);
  const summary =
    series[0]?.points.length > 0
      ? S.balanceLab.charts.summary(
          title,
          series[0].points.length,
          series.map((s, i) => `${s.name} ${format(last[i] ?? NaN)}`).join(', '),
        )
      : S.balanceLab.charts.empty(title);
  const table = strideIndices(series[0]?.points.length ?? 0, TABLE_ROWS);
  return (
    <figure className="bl-chart">
      <figcaption>
        <h4>{title}</h4>
      </figcaption>
      <ChartSvg width={width} height={height} label={summary}>
        <YGrid
          ticks={distinctTicks(layout.yTicks, format)}
          x0={margin.left}
          x1={width - margin.right}
          format={format}
        />
        <XGrid ticks={layout.xTicks} y0={margin.top} y1={height - margin.bottom} format={(v) => String(v)} />
        {reference && (
          <RefLine
            x1={margin.left}
            x2={width - margin.right}
            y1={layout.y(reference.value)}
            y2={layout.y(reference.value)}
            label={reference.label}
            labelAt="right"
          />
        )}
        {layout.paths.map((p, i) => (
          <g key={p.name} style={categoryStyle(i)}>
            <path className="bl-line" d={p.d} />
          </g>
        ))}
      </ChartSvg>
      {series.length > 1 && (
        <p className="viz-legend" aria-hidden="true">
          {series.map((s, i) => (
            <span key={s.name} style={categoryStyle(i)}>
              <span className="viz-swatch bl-swatch" />
              {s.name}
            </span>
          ))}
        </p>
      )}
      <ShowData
        what={title}
        caption={table.stride > 1 ? S.balanceLab.charts.thinned(caption, table.stride) : caption}
        columns={[S.balanceLab.charts.step, ...series.map((s) => s.name)]}
        rows={table.indices.map((r) => [series[0].points[r][0], ...series.map((s) => format(s.points[r]?.[1] ?? NaN))])}
      />
    </figure>
  );
}

/** Ticks whose labels differ from their neighbour's (a coarse format can print several ticks alike). */
function distinctTicks(ticks: Tick[], format: (v: number) => string): Tick[] {
  return ticks.filter((t, i) => i === 0 || format(t.value) !== format(ticks[i - 1].value));
}
