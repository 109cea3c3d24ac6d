/**
 * The enlarged head: its attention weights as bars, and below them each key's logit split into a
 * content bar (σ·q^C·k^C) and a position bar (σ·q^R·k^R), stacked away from zero, with a tick at
 * their sum (the logit the softmax turns into the weight).
 */
import { S } from '../../strings';
import { formatNumber } from '../common/format';
import { TapTip } from '../common/TapTip';
import { useTapTip } from '../common/useTapTip';
import { headSummary, type HeadAttention, type HeadDetailLayout } from './attentionLayout';

export interface HeadDetailProps {
  /** the head to draw. */
  head: HeadAttention;
  /** geometry from headDetailLayout. */
  layout: HeadDetailLayout;
  /** room at the left for the axes, px (the heatmap's label column). */
  left: number;
  /** pointer shortcut: a click on a key's bars selects that token (the axis buttons do it by keyboard). */
  onPickKey: (pos: number) => void;
}

const D = S.attention.detail;

export function HeadDetail({ head, layout, left, onPickKey }: HeadDetailProps) {
  const right = layout.width;
  // touch has no hover: a tap shows a bar's details (its <title>), a second tap picks its key
  const tap = useTapTip();
  return (
    <div className="att-detail">
      <svg
        role="img"
        aria-label={headSummary(head)}
        width={layout.width}
        height={layout.height}
        onPointerDown={tap.onPointerDown}
        onClickCapture={tap.onClickCapture}
      >
        <text x={0} y={layout.weightPanel[0] + 10} className="att-axis-title">
          {D.weight}
        </text>
        {layout.weightTicks.map((t) => (
          <g key={`w${t.value}`}>
            <line x1={left - 4} x2={right} y1={t.at} y2={t.at} className="att-grid" />
            <text x={left - 8} y={t.at + 3} textAnchor="end" className="att-tick">
              {t.value.toFixed(2)}
            </text>
          </g>
        ))}
        {layout.weightBars.map((b) => (
          <rect key={b.pos} {...rectOf(b)} className="att-weight-bar" onClick={() => onPickKey(b.pos)}>
            <title>{D.weightTip(b.pos, b.value.toFixed(4))}</title>
          </rect>
        ))}
        <text x={0} y={layout.partPanel[0] + 10} className="att-axis-title">
          {D.parts}
        </text>
        <text x={0} y={layout.partPanel[0] + 24} className="att-axis-sub">
          {D.scaled}
        </text>
        {layout.partTicks.map((t) => (
          <g key={`p${t.value}`}>
            <line x1={left - 4} x2={right} y1={t.at} y2={t.at} className="att-grid" />
            <text x={left - 8} y={t.at + 3} textAnchor="end" className="att-tick">
              {formatNumber(t.value, 2)}
            </text>
          </g>
        ))}
        <line x1={left - 4} x2={right} y1={layout.zero} y2={layout.zero} className="att-zero" />
        {layout.segments.map((s) => (
          <rect
            key={`${s.kind}${s.pos}`}
            {...rectOf(s)}
            className={s.kind === 'content' ? 'att-part-content' : 'att-part-position'}
            onClick={() => onPickKey(s.pos)}
          >
            <title>{D.partTip(s.pos, s.kind, formatNumber(s.value, 4))}</title>
          </rect>
        ))}
        {layout.logitTicks.map((t) => (
          <rect key={`l${t.pos}`} x={t.x} y={t.y - 1.5} width={t.width} height={3} className="att-logit-tick">
            <title>{D.logitTip(t.pos, formatNumber(t.value, 4))}</title>
          </rect>
        ))}
      </svg>
      <TapTip text={tap.tip} />
    </div>
  );
}

function rectOf(r: { x: number; y: number; width: number; height: number }) {
  return { x: r.x, y: r.y, width: Math.max(0, r.width), height: Math.max(0, r.height) };
}
