/** One facet of horizontal cache bars: a title, mechanism labels, bars and byte values (inside an SVG). */
import { S } from '../../strings';
import { formatBytes } from '../common/format';
import { barLayout, MECHANISM_COLOR, type CacheRow } from './kvMath';

export interface CacheBarsProps {
  /** facet title above the bars. */
  title: string;
  /** one row per mechanism, drawn in order. */
  rows: CacheRow[];
  /** which byte figure to draw. */
  value: 'perLayerBytes' | 'totalBytes';
  /** the bar scale's maximum in bytes (a bar at this value fills barWidth). */
  max: number;
  /** top of the facet in SVG units. */
  y: number;
  /** geometry shared by the facets. */
  geometry: BarGeometry;
}

export interface BarGeometry {
  /** width of the label column. */
  labelWidth: number;
  /** width of the bar area. */
  barWidth: number;
  /** height of one row. */
  rowHeight: number;
  /** height of the facet title. */
  titleHeight: number;
}

/** Height of a facet drawn with `rows` rows, with room for the last track's stroke. */
export const facetHeight = (g: BarGeometry, rows: number) => g.titleHeight + rows * g.rowHeight + 2;

export function CacheBars({ title, rows, value, max, y, geometry: g }: CacheBarsProps) {
  const bars = barLayout(
    rows.map((r) => ({ mechanism: r.mechanism, value: r[value] })),
    max,
    g.barWidth,
    g.rowHeight,
  );
  return (
    <g transform={`translate(0, ${y})`}>
      <text x={0} y={14} className="kv-facet-title">
        {title}
      </text>
      <g transform={`translate(0, ${g.titleHeight})`}>
        {rows.map((r, i) => {
          const b = bars[i];
          const cy = b.y + b.height / 2 + 4;
          return (
            <g key={r.mechanism} className="kv-bar" data-mechanism={r.mechanism}>
              <text x={g.labelWidth - 8} y={cy} textAnchor="end">
                {r.label}
                {r.measured && S.kvcache.measured}
              </text>
              <rect className="kv-bar-track" x={g.labelWidth} y={b.y} width={g.barWidth} height={b.height} rx={2} />
              <rect
                className="kv-bar-fill"
                x={g.labelWidth}
                y={b.y}
                width={Math.max(b.width, r[value] > 0 ? 1.5 : 0)}
                height={b.height}
                rx={2}
                fill={MECHANISM_COLOR[r.mechanism]}
              />
              <text x={g.labelWidth + g.barWidth + 8} y={cy} className="kv-bar-value">
                {formatBytes(r[value])}
              </text>
            </g>
          );
        })}
      </g>
    </g>
  );
}
