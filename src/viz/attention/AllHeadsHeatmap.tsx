/**
 * Small multiples, one block per head: a strip of attention weights over keys 0..t, then two
 * diverging strips with the σ-scaled content (q^C·k^C) and position (q^R·k^R) parts of each logit.
 */
import type { HeadAttention, HeatmapLayout, StripKind } from './attentionLayout';

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

const STRIP_LABEL: Record<StripKind, string> = { weight: 'weight', content: 'content', position: 'position' };

export function AllHeadsHeatmap({
  heads,
  layout,
  weightFill,
  partFill,
  activeHead,
  summary,
  onPickHead,
  onPickKey,
}: AllHeadsHeatmapProps) {
  const { x, strips, blocks } = layout;
  const bw = x.bandwidth();
  return (
    <svg className="att-heatmap" role="img" aria-label={summary} width={layout.width} height={layout.height + 2}>
      {blocks.map((b) => (
        <g key={b.head} className="att-block" onClick={() => onPickHead(b.head)}>
          <rect
            x={0}
            y={b.y0}
            width={layout.left - 6}
            height={b.y1 - b.y0}
            className={b.head === activeHead ? 'att-block-bg att-block-active' : 'att-block-bg'}
          />
          <text x={6} y={b.y0 + 12} className="att-head-label">
            head {b.head}
          </text>
        </g>
      ))}
      {strips.map((s) => {
        const keys = heads[s.head]?.keys ?? [];
        return (
          <g key={`${s.head}-${s.kind}`}>
            {s.kind !== 'weight' && (
              <text x={layout.left - 10} y={s.y + s.height - 2} textAnchor="end" className="att-strip-label">
                {STRIP_LABEL[s.kind]}
              </text>
            )}
            {keys.map((k) => (
              <rect
                key={k.pos}
                x={x(k.pos)}
                y={s.y}
                width={bw}
                height={s.height}
                fill={
                  s.kind === 'weight' ? weightFill(k.weight) : partFill(s.kind === 'content' ? k.content : k.position)
                }
                className="att-cell"
                onClick={() => onPickKey(k.pos)}
              >
                <title>
                  {`head ${s.head}, “${k.text}” (#${k.pos}): ${s.kind} ${(s.kind === 'weight' ? k.weight : s.kind === 'content' ? k.content : k.position).toFixed(4)}`}
                </title>
              </rect>
            ))}
          </g>
        );
      })}
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
  );
}
