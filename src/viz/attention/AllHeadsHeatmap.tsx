/**
 * Small multiples, one block per head: a strip of attention weights over keys 0..t, then two
 * diverging strips with the σ-scaled content (q^C·k^C) and position (q^R·k^R) parts of each logit.
 *
 * Every new query token recolours every cell (heads × 3 × keys), so the cells are painted on an
 * offscreen canvas (one cheap redraw) and shown as one SVG <image> (a PNG data URL, a few ms to
 * encode, set in the same commit), rather than as thousands of SVG rects that the browser would
 * restyle on each token. The chart stays one SVG, so it exports as it looks.
 */
import { memo, useCallback, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { S } from '../../strings';
import { TapTip } from '../common/TapTip';
import { useTapTip } from '../common/useTapTip';
import type { HeadAttention, HeatmapLayout, Strip, StripKind } from './attentionLayout';

export interface AllHeadsHeatmapProps {
  /** per head, the keys of the query token. */
  heads: HeadAttention[];
  /** geometry from heatmapLayout. */
  layout: HeatmapLayout;
  /** weight → colour. */
  weightFill: (w: number) => string;
  /** logit part → colour. */
  partFill: (v: number) => string;
  /** the enlarged head (outlined). */
  activeHead: number;
  /** the chart's summary for screen readers. */
  summary: string;
  /** pointer shortcut: a click on a head's block enlarges it (the head buttons do the same by keyboard). */
  onPickHead: (head: number) => void;
  /** pointer shortcut: a click on a cell selects its key token (the axis buttons do the same by keyboard). */
  onPickKey: (pos: number) => void;
}

const STRIP_LABEL: Record<StripKind, string> = S.attention.strip;

const cellValue = (k: HeadAttention['keys'][number], kind: StripKind) =>
  kind === 'weight' ? k.weight : kind === 'content' ? k.content : k.position;

/** The cell under a point of the chart: its strip and key position, or the head block of the label column. */
function hit(layout: HeatmapLayout, mx: number, my: number): { strip: Strip; pos: number } | { head: number } | null {
  if (mx < layout.left) {
    const b = layout.blocks.find((b) => my >= b.y0 && my < b.y1);
    return b && mx < layout.left - 6 ? { head: b.head } : null;
  }
  const strip = layout.strips.find((s) => my >= s.y && my < s.y + s.height);
  const [x0] = layout.x.range();
  const pos = Math.floor((mx - x0) / layout.x.step());
  const n = layout.x.domain().length;
  if (!strip || pos < 0 || pos >= n || mx - layout.x(pos)! > layout.x.bandwidth()) return null;
  return { strip, pos };
}

function AllHeadsHeatmapImpl({
  heads,
  layout,
  weightFill,
  partFill,
  activeHead,
  summary,
  onPickHead,
  onPickKey,
}: AllHeadsHeatmapProps) {
  const [tip, setTip] = useState('');
  const image = useRef<SVGImageElement>(null);
  const { x, strips, blocks } = layout;
  const height = layout.height + 2;

  // Paint the cells offscreen and show them before the browser paints this commit.
  useLayoutEffect(() => {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(layout.width * dpr));
    canvas.height = Math.max(1, Math.ceil(height * dpr));
    const ctx = canvas.getContext('2d');
    if (!ctx || !image.current) return;
    ctx.scale(dpr, dpr);
    const bw = x.bandwidth();
    for (const s of strips) {
      for (const k of heads[s.head]?.keys ?? []) {
        const v = cellValue(k, s.kind);
        ctx.fillStyle = s.kind === 'weight' ? weightFill(v) : partFill(v);
        ctx.fillRect(x(k.pos) ?? 0, s.y, bw, s.height);
      }
    }
    image.current.setAttribute('href', canvas.toDataURL('image/png'));
  }, [heads, layout.width, x, strips, height, weightFill, partFill]);

  /** the cell under a pointer and what hovering it shows. */
  const cellAt = useCallback(
    (e: MouseEvent<Element>) => {
      const r = e.currentTarget.getBoundingClientRect();
      const h = hit(layout, e.clientX - r.left, e.clientY - r.top);
      const k = h && 'strip' in h ? heads[h.strip.head]?.keys[h.pos] : undefined;
      if (!h || !('strip' in h) || !k) return null;
      const text = S.attention.cellTip(
        h.strip.head,
        k.text,
        k.pos,
        h.strip.kind,
        cellValue(k, h.strip.kind).toFixed(4),
      );
      return { key: `${h.strip.head}/${h.strip.kind}/${k.pos}`, text };
    },
    [layout, heads],
  );
  const onMove = (e: MouseEvent<SVGSVGElement>) => setTip(cellAt(e)?.text ?? '');
  // touch has no hover: a tap shows the cell's details, a second tap picks its key
  const tap = useTapTip(cellAt);
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const h = hit(layout, e.clientX - r.left, e.clientY - r.top);
    if (!h) return;
    if ('head' in h) onPickHead(h.head);
    else onPickKey(h.pos);
  };

  return (
    <>
      <svg
        className="att-heatmap"
        role="img"
        aria-label={summary}
        width={layout.width}
        height={height}
        onClick={onClick}
        onClickCapture={tap.onClickCapture}
        onPointerDown={tap.onPointerDown}
        onMouseMove={onMove}
        onMouseLeave={() => setTip('')}
      >
        {tip && <title>{tip}</title>}
        <image ref={image} x={0} y={0} width={layout.width} height={height} className="att-cells" />
        {blocks.map((b) => (
          <g key={b.head} className="att-block">
            <rect
              x={0}
              y={b.y0}
              width={layout.left - 6}
              height={b.y1 - b.y0}
              className={b.head === activeHead ? 'att-block-bg att-block-active' : 'att-block-bg'}
            />
            <text x={6} y={b.y0 + 12} className="att-head-label">
              {S.attention.headLabel(b.head)}
            </text>
          </g>
        ))}
        {strips
          .filter((s) => s.kind !== 'weight')
          .map((s) => (
            <text
              key={`${s.head}-${s.kind}`}
              x={layout.left - 10}
              y={s.y + s.height - 2}
              textAnchor="end"
              className="att-strip-label"
            >
              {STRIP_LABEL[s.kind]}
            </text>
          ))}
        {blocks
          .filter((b) => b.head === activeHead)
          .map((b) => (
            <rect
              key="active"
              x={layout.left - 2}
              y={b.y0 - 2}
              width={layout.width - layout.left + 3}
              height={b.y1 - b.y0 + 4}
              className="att-active-outline"
            />
          ))}
      </svg>
      <TapTip text={tap.tip} />
    </>
  );
}

export const AllHeadsHeatmap = memo(AllHeadsHeatmapImpl);
