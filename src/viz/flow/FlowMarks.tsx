/**
 * The Model flow's small marks: a block that is a button, a heat strip of real values, a labelled
 * row, a value bar, and the connector from the residual stream to a block.
 */
import { scaleDiverging, interpolateRdBu } from 'd3';
import { memo, type KeyboardEvent, type ReactNode } from 'react';
import { CellGrid } from '../common/CellGrid';
import { SvgSym } from '../common/Sym';
import type { Box, Orientation, Point } from './flowLayout';
import type { Strip } from './flowData';

/** Blue for positive, red for negative, white at 0 (colour-blind safe, as the KV cache view). */
export function stripColor(max: number): (v: number) => string {
  const m = max > 0 ? max : 1;
  return scaleDiverging(interpolateRdBu).domain([-m, 0, m]).clamp(true);
}

export interface BlockProps {
  box: Box;
  /** the accessible name: "Layer 2 MLA: open KV cache". */
  name: string;
  onOpen: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A block of the flow: its drawing (hidden from assistive technology, its numbers are in Show
 * data), covered by a transparent rect that is the button (click, Enter or Space), so the
 * button's name is exactly what it opens.
 */
export function Block({ box, name, onOpen, children, className = '' }: BlockProps) {
  const key = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen();
    }
  };
  return (
    <g className={`fl-block ${className}`}>
      <rect className="fl-block-bg" x={box.x} y={box.y} width={box.w} height={box.h} rx={4} />
      <g aria-hidden="true">{children}</g>
      <rect
        role="button"
        tabIndex={0}
        aria-label={name}
        className="fl-hit"
        x={box.x}
        y={box.y}
        width={box.w}
        height={box.h}
        rx={4}
        onClick={onOpen}
        onKeyDown={key}
      >
        <title>{name}</title>
      </rect>
    </g>
  );
}

export interface HeatStripProps {
  box: Box;
  strip: Strip;
  /** cells run down the box instead of across it. */
  down?: boolean;
  /** cells per row: > 1 draws a tile (the embedding). */
  columns?: number;
}

/** One vector as a row (or column, or tile) of coloured cells, scaled to its largest |value|. */
export const HeatStrip = memo(function HeatStrip({ box, strip, down = false, columns = 1 }: HeatStripProps) {
  const n = strip.values.length;
  if (n === 0) return null;
  const perRow = columns > 1 ? columns : down ? 1 : n;
  return (
    <g className="fl-strip" aria-hidden="true">
      <CellGrid x={box.x} y={box.y} width={box.w} height={box.h} cols={perRow} values={strip.values} max={strip.max} />
      <rect className="fl-strip-frame" x={box.x} y={box.y} width={box.w} height={box.h} />
    </g>
  );
});

/** Width of the label column of a row, px. */
export const LABEL_W = 56;

export interface RowLabelProps {
  box: Box;
  /** paper notation ("c_KV"), drawn with sub/superscripts. */
  sym: string;
  /** the size after it ("64"). */
  size?: string;
}

/** The baseline of notation in a row: 11 px down (room for a superscript above, a subscript below). */
export const symBaseline = (box: Box): number => box.y + Math.min(box.h - 3, 11);

/** A row's label: notation and size, baseline centred in the row. */
export function RowLabel({ box, sym, size }: RowLabelProps) {
  return (
    <text x={box.x} y={symBaseline(box)} className="fl-label">
      <SvgSym>{sym}</SvgSym>
      {size !== undefined && <tspan className="fl-size"> {size}</tspan>}
    </text>
  );
}

/** The strip part of a row: right of the label. */
export function stripBox(row: Box, inset = 2): Box {
  return { x: row.x + LABEL_W, y: row.y + inset, w: Math.max(0, row.w - LABEL_W), h: Math.max(1, row.h - 2 * inset) };
}

export interface ValueBarProps {
  /** the bar's track. */
  box: Box;
  /** value / max ∈ [0, 1]. */
  fraction: number;
  /** the number written right of the bar. */
  label: string;
  /** width kept for the label, px. */
  labelW?: number;
}

/** A horizontal bar with its value written beside it. */
export function ValueBar({ box, fraction, label, labelW = 40 }: ValueBarProps) {
  const track = Math.max(0, box.w - labelW);
  const f = Math.max(0, Math.min(1, fraction));
  return (
    <g>
      <rect className="fl-bar-track" x={box.x} y={box.y + 2} width={track} height={Math.max(1, box.h - 4)} />
      <rect
        className="fl-bar"
        x={box.x}
        y={box.y + 2}
        width={track}
        height={Math.max(1, box.h - 4)}
        style={{ transform: `scaleX(${f})` }}
      />
      <text x={box.x + box.w} y={box.y + box.h - 3} textAnchor="end" className="fl-value">
        {label}
      </text>
    </g>
  );
}

export interface ConnectorProps {
  /** the point on the stream. */
  p: Point;
  /** the block it reads from or adds to. */
  box: Box;
  o: Orientation;
  /** a "+" (the block adds here) rather than a dot (the block reads here). */
  add: boolean;
  /** a compact layer: a smaller mark. */
  small?: boolean;
}

/** A line from the stream point `p` to the nearest edge of `box`, with a "+" where it adds. */
export function Connector({ p, box, o, add, small = false }: ConnectorProps) {
  const end = o === 'horizontal' ? { x: p.x, y: p.y < box.y ? box.y : box.y + box.h } : { x: box.x, y: p.y };
  return (
    <g className="fl-link" aria-hidden="true">
      <line x1={p.x} y1={p.y} x2={end.x} y2={end.y} />
      {add && !small && (
        <g className="fl-add">
          <circle cx={p.x} cy={p.y} r={5} />
          <path d={`M${p.x - 3} ${p.y}h6M${p.x} ${p.y - 3}v6`} />
        </g>
      )}
      {add && small && <circle className="fl-read" cx={p.x} cy={p.y} r={2} />}
    </g>
  );
}
