/**
 * The token × expert grid of one MoE layer: router probabilities as colour, the chosen top-K as
 * dots, groups (devices) a token may not use hatched, the shared experts as always-on columns.
 * Row labels and expert headers are HTML buttons laid over the SVG, so they work by keyboard.
 */
import { useId } from 'react';
import { TapTip } from '../common/TapTip';
import { useTapTip } from '../common/useTapTip';
import { S } from '../../strings';
import type { RoutingGrid, RoutingRow } from './routingLayout';
import { RoutingRowCells } from './RoutingRowCells';

export interface RoutingHeatmapProps {
  /** one row per token, from routingRows. */
  rows: RoutingRow[];
  /** geometry from routingGrid. */
  grid: RoutingGrid;
  /** probability → colour. */
  fill: (p: number) => string;
  /** position of the selected token (its row is outlined). */
  selected: number;
  /** the highlighted routed expert, or null. */
  highlighted: number | null;
  /** the chart's summary for screen readers. */
  summary: string;
  /** a token's row label (or a cell) was pressed. */
  onPickToken: (index: number) => void;
  /** a routed expert's header was pressed. */
  onPickExpert: (expert: number) => void;
}

export function RoutingHeatmap({
  rows,
  grid,
  fill,
  selected,
  highlighted,
  summary,
  onPickToken,
  onPickExpert,
}: RoutingHeatmapProps) {
  const hatch = useId();
  const { top, rowHeight: rh, left } = grid;
  const routed = grid.columns.filter((c) => c.kind === 'routed');
  const shared = grid.columns.filter((c) => c.kind === 'shared');
  const isRouted = (row: RoutingRow) => highlighted !== null && (row.cells[highlighted]?.rank ?? -1) >= 0;
  const hiCol = highlighted === null ? undefined : routed[highlighted];
  // touch has no hover: a tap shows a cell's details (its <title>), a second tap picks its token
  const tap = useTapTip();
  return (
    <>
      <div className="rt-grid" style={{ width: grid.width, height: grid.height }}>
        <svg
          role="img"
          aria-label={summary}
          width={grid.width}
          height={grid.height}
          onPointerDown={tap.onPointerDown}
          onClickCapture={tap.onClickCapture}
        >
          <defs>
            <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width={6} height={6} className="rt-hatch-bg" />
              <line x1={0} y1={0} x2={0} y2={6} className="rt-hatch-line" />
            </pattern>
          </defs>
          {rows.map((row, i) => (
            <RoutingRowCells
              key={row.index}
              row={row}
              y={top + i * rh}
              rh={rh}
              routed={routed}
              shared={shared}
              fill={fill}
              dim={highlighted !== null && !isRouted(row)}
              hatch={hatch}
              onPickToken={onPickToken}
            />
          ))}
          {grid.separators.map((x) => (
            <line key={x} x1={x} x2={x} y1={0} y2={grid.height} className="rt-separator" />
          ))}
          {hiCol && (
            <rect
              x={hiCol.x - 1}
              y={top - 1}
              width={hiCol.width + 2}
              height={grid.height - top + 2}
              className="rt-col-outline"
            />
          )}
          {rows.map((row, i) =>
            row.index === selected ? (
              <rect
                key="sel"
                x={left - 2}
                y={top + i * rh - 1}
                width={grid.width - left + 3}
                height={rh + 2}
                className="rt-row-outline"
              />
            ) : null,
          )}
        </svg>
        {grid.groups.map((g) => (
          <div key={g.group} className="rt-group-label" style={{ left: g.x0, width: g.x1 - g.x0 }}>
            {S.routing.device(g.group)}
          </div>
        ))}
        {grid.shared && (
          <div className="rt-group-label" style={{ left: grid.shared.x0, width: grid.shared.x1 - grid.shared.x0 }}>
            {S.routing.shared}
          </div>
        )}
        <div role="group" aria-label={S.routing.routedExperts}>
          {routed.map((col) => (
            <button
              key={col.expert}
              type="button"
              className="rt-expert"
              style={{ left: col.x, width: col.width, top: 20 }}
              aria-pressed={highlighted === col.expert}
              aria-label={S.routing.expertName(col.expert, col.group)}
              onClick={() => onPickExpert(col.expert)}
            >
              {col.expert}
            </button>
          ))}
        </div>
        {shared.map((col) => (
          <span
            key={col.expert}
            className="rt-expert rt-expert-shared"
            style={{ left: col.x, width: col.width, top: 20 }}
            title={S.routing.sharedTitle(col.expert)}
          >
            S{col.expert}
          </span>
        ))}
        <div role="group" aria-label={S.routing.tokens}>
          {rows.map((row, i) => (
            <button
              key={row.index}
              type="button"
              className={isRouted(row) ? 'rt-token rt-token-routed' : 'rt-token'}
              style={{ top: top + i * rh, height: rh, width: left - 6 }}
              aria-current={row.index === selected ? 'true' : undefined}
              // the name starts with the visible text (WCAG 2.5.3)
              aria-label={S.routing.tokenName(row.index, row.text)}
              data-routed={isRouted(row) ? 'true' : undefined}
              onClick={() => onPickToken(row.index)}
            >
              <span className="rt-token-idx">{row.index}</span> <span className="rt-token-text">{row.text}</span>
            </button>
          ))}
        </div>
      </div>
      <TapTip text={tap.tip} />
    </>
  );
}
