/**
 * An SVG rect whose geometry is also set as CSS, so a browser that allows it can ease bar
 * changes (chartParts.css animates only under prefers-reduced-motion: no-preference).
 */
import type { SVGProps } from 'react';

export interface RectProps extends Omit<SVGProps<SVGRectElement>, 'x' | 'y' | 'width' | 'height'> {
  /** left edge, px. */
  x: number;
  /** top edge, px. */
  y: number;
  /** width, px (negative values draw nothing). */
  width: number;
  /** height, px (negative values draw nothing). */
  height: number;
}

export function Rect({ x, y, width, height, style, ...rest }: RectProps) {
  const w = Math.max(0, width);
  const h = Math.max(0, height);
  return <rect x={x} y={y} width={w} height={h} style={{ ...style, x, y, width: w, height: h }} {...rest} />;
}
