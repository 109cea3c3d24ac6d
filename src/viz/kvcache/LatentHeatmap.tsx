/**
 * Heatmap of the latent cache c_KV of one layer: rows = tokens 0..selected, columns = the d_c dims.
 * Each token's row is a memoised group drawn in row units inside one scaled group, so a new token
 * adds one row and leaves the others' elements untouched (even when the rows get thinner).
 */
import { memo, useId, useMemo } from 'react';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { Sym } from '../common/Sym';
import { heatmapGrid, latentColor, latentRows } from './kvMath';

export interface LatentHeatmapProps {
  /** the session's records; every token's row for `layer` fixes the colour range. */
  records: TokenRecord[];
  /** index into records of the newest row (outlined). */
  selected: number;
  /** which layer's cache to show. */
  layer: number;
  /** called with a new layer from the layer picker; omit to hide the picker. */
  onLayerChange?: (layer: number) => void;
}

const H = S.kvcache.heatmap;

const WIDTH = 720;
const LABEL = 118;
const AXIS = 22;
const LEGEND = 40;
const GRID_W = WIDTH - LABEL - 8;
/** right edge of the token-index column; the token text follows it. */
const INDEX_X = 24;
/** Rows get this height until the grid would pass MAX_GRID_H. */
const ROW_H = 15;
const MAX_GRID_H = 420;

const fmt = (v: number) => (Math.abs(v) < 1e-3 ? '0' : v.toFixed(2));
/** heatmapGrid's paddingInner: a row fills this much of its step. */
const ROW_FILL = 0.92;

interface CellsRowProps {
  /** token position (data-row). */
  index: number;
  /** row number, in row units (the parent group scales y by the row step). */
  row: number;
  values: number[];
  /** left edge of every column, px. */
  xs: number[];
  cellWidth: number;
  color: (v: number) => string;
}

/** One token's latent: a rect per dim, y in row units. */
const CellsRow = memo(function CellsRow({ index, row, values, xs, cellWidth, color }: CellsRowProps) {
  return (
    <g data-row={index}>
      {values.map((v, d) => (
        <rect key={d} x={xs[d]} y={row} width={cellWidth + 0.3} height={ROW_FILL} fill={color(v)} />
      ))}
    </g>
  );
});

interface RowLabelProps {
  index: number;
  text: string;
  /** baseline, px. */
  y: number;
}

const RowLabel = memo(function RowLabel({ index, text, y }: RowLabelProps) {
  return (
    <>
      <text x={INDEX_X} y={y} textAnchor="end" className="viz-muted kv-axis">
        {index}
      </text>
      <text x={INDEX_X + 6} y={y} className="kv-row-label">
        {text.length > 10 ? `${text.slice(0, 9)}…` : text}
      </text>
    </>
  );
});

export function LatentHeatmap({ records, selected, layer, onLayerChange }: LatentHeatmapProps) {
  const gradientId = `kv-rdbu-${useId().replace(/:/g, '')}`;
  const { rows, dims, maxAbs } = useMemo(() => latentRows(records, selected, layer), [records, selected, layer]);
  const color = useMemo(() => latentColor(maxAbs), [maxAbs]);
  const gridH = Math.min(MAX_GRID_H, rows.length * ROW_H);
  const grid = heatmapGrid(rows.length, dims, GRID_W, gridH);
  const columns = useMemo(() => {
    const g = heatmapGrid(1, dims, GRID_W, 1);
    return { xs: Array.from({ length: dims }, (_, d) => LABEL + g.x(d)), cellWidth: g.cellWidth };
  }, [dims]);
  const step = grid.cellHeight / ROW_FILL;
  const dataRows = useMemo(
    () => rows.map((r) => [`${r.index} ${r.text}`, ...r.values.map((v) => v.toFixed(3))]),
    [rows],
  );
  const height = AXIS + gridH + LEGEND;
  const showLabels = grid.cellHeight >= 9;
  const ticks = [0, ...[0.25, 0.5, 0.75].map((f) => Math.round(f * dims)), dims - 1];
  const layers = records[0]?.layers.map((l) => l.layer) ?? [];
  const sel = rows.length - 1;
  const label = H.label(layer, rows[sel]?.index, rows.length, dims, fmt(maxAbs));
  return (
    <figure className="kv-figure">
      <h3>
        {H.title} <Sym>c_KV</Sym>
        {H.titleLayer(layer)}
      </h3>
      <p className="kv-sub">{H.sub(dims)}</p>
      {onLayerChange && (
        <label className="kv-control">
          {H.layer}{' '}
          <select value={layer} onChange={(e) => onLayerChange(Number(e.target.value))}>
            {layers.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      <svg
        className="viz-svg kv-heatmap"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={label}
        data-testid="kv-heatmap"
      >
        <defs>
          <linearGradient id={gradientId}>
            {[0, 0.25, 0.5, 0.75, 1].map((t) => (
              <stop key={t} offset={t} stopColor={color(-maxAbs + 2 * t * maxAbs)} />
            ))}
          </linearGradient>
        </defs>
        <g transform={`translate(${LABEL}, 0)`}>
          {ticks.map((d) => (
            <text key={d} x={grid.x(d) + grid.cellWidth / 2} y={14} textAnchor="middle" className="viz-muted kv-axis">
              {d}
            </text>
          ))}
        </g>
        <g transform={`translate(0, ${AXIS}) scale(1, ${step})`}>
          {rows.map((r, i) => (
            <CellsRow
              key={r.index}
              index={r.index}
              row={i}
              values={r.values}
              xs={columns.xs}
              cellWidth={columns.cellWidth}
              color={color}
            />
          ))}
        </g>
        <g transform={`translate(0, ${AXIS})`}>
          {showLabels &&
            rows.map((r, i) => (
              <RowLabel key={r.index} index={r.index} text={r.text} y={grid.y(i) + grid.cellHeight / 2 + 4} />
            ))}
          {sel >= 0 && (
            <rect
              className="kv-selected-row"
              data-testid="kv-selected-row"
              x={LABEL - 1.5}
              y={grid.y(sel) - 1.5}
              width={GRID_W + 3}
              height={grid.cellHeight + 3}
            />
          )}
        </g>
        <g transform={`translate(${LABEL}, ${AXIS + gridH + 12})`}>
          <rect width={200} height={10} fill={`url(#${gradientId})`} stroke="var(--border)" />
          <text x={0} y={25} textAnchor="start" className="kv-axis">
            −{fmt(maxAbs)}
          </text>
          <text x={100} y={25} textAnchor="middle" className="kv-axis">
            0
          </text>
          <text x={200} y={25} textAnchor="end" className="kv-axis">
            +{fmt(maxAbs)}
          </text>
          <text x={216} y={9} className="viz-muted kv-axis">
            {H.axis}
          </text>
        </g>
      </svg>
      <ShowData
        what={H.data(layer)}
        caption={H.caption(layer, rows[sel]?.index, dims)}
        columns={[H.token, ...Array.from({ length: dims }, (_, d) => String(d))]}
        rows={dataRows}
      />
    </figure>
  );
}
