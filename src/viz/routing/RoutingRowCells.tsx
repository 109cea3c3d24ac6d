/**
 * One token's row of the routing grid: a cell per routed expert (probability colour, hatched when
 * its device is masked, a dot when chosen) and the always-on shared experts. Memoised: a new token
 * draws its own row, and the rows already drawn keep their elements.
 */
import { memo } from 'react';
import { S } from '../../strings';
import type { ExpertColumn, RoutingRow } from './routingLayout';

export interface RoutingRowCellsProps {
  row: RoutingRow;
  /** top of the row, px. */
  y: number;
  /** row height, px. */
  rh: number;
  /** routed and shared expert columns (compared by geometry, so a rebuilt grid keeps the rows). */
  routed: ExpertColumn[];
  shared: ExpertColumn[];
  /** probability → colour. */
  fill: (p: number) => string;
  /** dimmed: an expert is highlighted and this token did not choose it. */
  dim: boolean;
  /** id of the hatch pattern for masked devices. */
  hatch: string;
  onPickToken: (index: number) => void;
}

function RowCells({ row, y, rh, routed, shared, fill, dim, hatch, onPickToken }: RoutingRowCellsProps) {
  return (
    <g className={dim ? 'rt-row rt-dim' : 'rt-row'} onClick={() => onPickToken(row.index)}>
      {row.cells.map((cell) => {
        const col = routed[cell.expert];
        return (
          // the cell's details on its whole group, so its hatch and dot show them too (hover, or a tap)
          <g key={cell.expert} className="rt-cell">
            <title>
              {S.routing.cellTip(row.text, row.index, cell.expert, cell.group, cell.prob.toFixed(4)) +
                (cell.rank >= 0 ? S.routing.cellChosen(cell.rank + 1) : '') +
                (cell.allowed ? '' : S.routing.cellMasked)}
            </title>
            <rect x={col.x + 0.5} y={y + 0.5} width={col.width - 1} height={rh - 1} fill={fill(cell.prob)} />
            {!cell.allowed && (
              <rect
                x={col.x + 0.5}
                y={y + 0.5}
                width={col.width - 1}
                height={rh - 1}
                fill={`url(#${hatch})`}
                className="rt-masked"
              />
            )}
            {cell.rank >= 0 && <circle cx={col.x + col.width / 2} cy={y + rh / 2} r={4.5} className="rt-dot" />}
          </g>
        );
      })}
      {shared.map((col) => (
        <g key={`s${col.expert}`}>
          <rect x={col.x + 0.5} y={y + 0.5} width={col.width - 1} height={rh - 1} className="rt-shared" />
          <circle cx={col.x + col.width / 2} cy={y + rh / 2} r={4.5} className="rt-dot" />
        </g>
      ))}
    </g>
  );
}

const sameColumns = (a: ExpertColumn[], b: ExpertColumn[]) =>
  a === b ||
  (a.length === b.length &&
    a.every((c, i) => c.kind === b[i].kind && c.expert === b[i].expert && c.x === b[i].x && c.width === b[i].width));

export const RoutingRowCells = memo(
  RowCells,
  (a, b) =>
    a.row === b.row &&
    a.y === b.y &&
    a.rh === b.rh &&
    a.fill === b.fill &&
    a.dim === b.dim &&
    a.hatch === b.hatch &&
    a.onPickToken === b.onPickToken &&
    sameColumns(a.routed, b.routed) &&
    sameColumns(a.shared, b.shared),
);
