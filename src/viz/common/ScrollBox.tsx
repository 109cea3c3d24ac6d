/**
 * The box a chart wider than its column scrolls in, sideways, inside the page (the page itself
 * never scrolls sideways, on a phone too). While the chart is wider than the box, the box shows
 * shadows at the edges that hide more of it, and is a named tab stop, so a keyboard can scroll it
 * (axe: scrollable-region-focusable); otherwise it is a plain wrapper.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { S } from '../../strings';

export interface ScrollBoxProps {
  /** what the chart is ("Attention"): the box's name while it scrolls. */
  label: string;
  children: ReactNode;
}

export function ScrollBox({ label, children }: ScrollBoxProps) {
  const box = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  // measured when the chart is drawn anew and whenever the box or a chart in it is resized
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWide(el.scrollWidth > el.clientWidth + 1);
    measure();
    const sizes = new ResizeObserver(measure);
    sizes.observe(el);
    for (const child of el.children) sizes.observe(child);
    return () => sizes.disconnect();
  }, [children]);
  return (
    <div
      ref={box}
      className={wide ? 'viz-scroll viz-scroll-wide' : 'viz-scroll'}
      role={wide ? 'group' : undefined}
      aria-label={wide ? S.data.scrollBox(label) : undefined}
      tabIndex={wide ? 0 : undefined}
    >
      {children}
    </div>
  );
}
