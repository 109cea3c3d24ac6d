/**
 * A grid of heat cells (blue for positive, red for negative, white at 0: d3's RdBu, as the flow's
 * strips and the KV cache view) drawn as one SVG <image>: one pixel per cell, encoded as a small
 * bitmap (./bitmap.ts) and scaled up to the box without smoothing. A step that recolours every
 * cell then costs one tiny picture instead of restyling and repainting hundreds of SVG rects on
 * the main thread (the Model flow draws a few thousand cells per token). The chart stays one
 * SVG, so it exports as it looks.
 *
 * A change crossfades from the previous picture (one opacity animation on the compositor), and
 * not at all when the reader prefers reduced motion.
 */
import { interpolateRdBu, rgb } from 'd3';
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { bmpDataUrl } from './bitmap';
import './cellGrid.css';

export interface CellGridProps {
  /** the box the grid fills, px. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** cells per row. */
  cols: number;
  /** the cells' values, row by row; rows = ceil(length / cols). */
  values: readonly number[];
  /** the colour range is [−max, max]: one for the grid, or one per row. */
  max: number | readonly number[];
  /** leave a thin gap under each row (rows of a table rather than one field). */
  rowGap?: boolean;
}

/** Pixels per row when rows are drawn with a gap: 7 painted, 1 left clear. */
const GAP_ROW_PX = 8;
const LEVELS = 256;
let rdbuTable: Uint8Array | null = null;

/** RdBu at LEVELS + 1 evenly spaced points, r g b each. */
function rdbu(): Uint8Array {
  if (!rdbuTable) {
    rdbuTable = new Uint8Array((LEVELS + 1) * 3);
    for (let i = 0; i <= LEVELS; i++) {
      const c = rgb(interpolateRdBu(i / LEVELS));
      rdbuTable.set([c.r, c.g, c.b], i * 3);
    }
  }
  return rdbuTable;
}

/**
 * The cells' pixels, r g b a each: value v of a row with range max at RdBu(½ + v / 2max), clamped
 * (d3's scaleDiverging over [−max, 0, max], as stripColor). With `rowGap` each row is
 * GAP_ROW_PX − 1 pixels tall over a clear one.
 */
export function heatPixels(
  cols: number,
  values: readonly number[],
  max: number | readonly number[],
  rowGap = false,
): { width: number; height: number; rgba: Uint8ClampedArray } {
  const rows = Math.ceil(values.length / cols);
  const rowPx = rowGap ? GAP_ROW_PX : 1;
  const painted = rowGap ? rowPx - 1 : 1;
  const rgba = new Uint8ClampedArray(cols * rows * rowPx * 4);
  const table = rdbu();
  values.forEach((v, i) => {
    const row = Math.floor(i / cols);
    const m0 = typeof max === 'number' ? max : (max[row] ?? 0);
    const m = m0 > 0 ? m0 : 1;
    const t = Math.min(1, Math.max(0, 0.5 + v / (2 * m)));
    const k = Math.round((Number.isFinite(t) ? t : 0.5) * LEVELS) * 3;
    for (let p = 0; p < painted; p++) {
      const o = ((row * rowPx + p) * cols + (i % cols)) * 4;
      rgba[o] = table[k]!;
      rgba[o + 1] = table[k + 1]!;
      rgba[o + 2] = table[k + 2]!;
      rgba[o + 3] = 255;
    }
  });
  return { width: cols, height: rows * rowPx, rgba };
}

const FADE_MS = 180;

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export const CellGrid = memo(function CellGrid({
  x,
  y,
  width,
  height,
  cols,
  values,
  max,
  rowGap = false,
}: CellGridProps) {
  const front = useRef<SVGImageElement>(null);
  const back = useRef<SVGImageElement>(null);
  const href = useMemo(() => {
    if (cols < 1 || values.length === 0) return '';
    const p = heatPixels(cols, values, max, rowGap);
    return bmpDataUrl(p.width, p.height, p.rgba);
  }, [cols, values, max, rowGap]);

  // Set the picture before the browser paints this commit; the old one fades out beneath it.
  useLayoutEffect(() => {
    const f = front.current;
    const b = back.current;
    if (!f || !b) return;
    const prev = f.getAttribute('href');
    if (href) f.setAttribute('href', href);
    else f.removeAttribute('href');
    if (prev && prev !== href && !reducedMotion() && typeof f.animate === 'function') {
      b.setAttribute('href', prev);
      f.animate([{ opacity: 0 }, { opacity: 1 }], { duration: FADE_MS, easing: 'ease-out' });
    } else b.removeAttribute('href');
  }, [href]);

  const box = { x, y, width: Math.max(0, width), height: Math.max(0, height), preserveAspectRatio: 'none' };
  return (
    <g className="cell-grid" aria-hidden="true">
      <image ref={back} {...box} />
      <image ref={front} {...box} />
    </g>
  );
});
