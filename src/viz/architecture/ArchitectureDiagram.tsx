/** The SVG block diagram: draws an ArchitectureLayout and highlights one token's routed experts. */
import { useId } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRouting } from '../../session/records';
import { S } from '../../strings';
import { SvgSym } from '../common/Sym';
import type { ArchitectureLayout, Box, GapRow, LayerRow } from './layout';

const D = S.architecture.diagram;

export interface ArchitectureDiagramProps {
  /** the config the layout was computed from. */
  config: DeepseekV2Config;
  /** geometry from architectureLayout(config). */
  layout: ArchitectureLayout;
  /** routing of the highlighted token per layer index; empty for no highlight. */
  routing: Map<number, TokenRouting>;
  /** the SVG's accessible summary. */
  label: string;
}

const mid = (b: Box) => ({ cx: b.x + b.w / 2, cy: b.y + b.h / 2 });

function Block({ box, title, detail, className }: { box: Box; title: string; detail: string; className: string }) {
  const { cx, cy } = mid(box);
  return (
    <g className={className}>
      <rect x={box.x} y={box.y} width={box.w} height={box.h} rx={6} />
      <text x={cx} y={cy - 2} textAnchor="middle" className="arch-title">
        {title}
      </text>
      <text x={cx} y={cy + 12} textAnchor="middle" className="arch-detail">
        {detail}
      </text>
    </g>
  );
}

function Chip({ box, lines, cached }: { box: Box; lines: [string, string]; cached: boolean }) {
  const { cx } = mid(box);
  return (
    <g className={cached ? 'arch-chip arch-cached' : 'arch-chip'}>
      <rect x={box.x} y={box.y} width={box.w} height={box.h} rx={4} />
      <text x={cx} y={box.y + 16} textAnchor="middle" className="arch-chip-name">
        <SvgSym>{lines[0]}</SvgSym>
      </text>
      <text x={cx} y={box.y + 31} textAnchor="middle" className="arch-detail">
        <SvgSym>{lines[1]}</SvgSym>
      </text>
      {cached && (
        <text x={cx} y={box.y + 46} textAnchor="middle" className="arch-cached-tag">
          {D.cached}
        </text>
      )}
    </g>
  );
}

function Layer({ c, row, routing }: { c: DeepseekV2Config; row: LayerRow; routing: TokenRouting | undefined }) {
  const chosen = new Set(routing?.experts ?? []);
  const groupsUsed = new Set(routing?.selectedGroups ?? []);
  return (
    <g className="arch-layer" data-layer={row.layer}>
      <rect className="arch-row" x={row.row.x} y={row.row.y} width={row.row.w} height={row.row.h} rx={8} />
      <text x={row.row.x + 8} y={row.row.y + row.row.h / 2 - 3} className="arch-title">
        {D.layer} {row.layer}
      </text>
      <text x={row.row.x + 8} y={row.row.y + row.row.h / 2 + 13} className="arch-detail">
        {row.moe ? D.moe : D.dense}
      </text>

      <g className="arch-mla">
        <rect x={row.mla.x} y={row.mla.y} width={row.mla.w} height={row.mla.h} rx={6} />
        <text x={row.mla.x + 8} y={row.mla.y + 15} className="arch-title">
          {D.heads(c.num_attention_heads)}
        </text>
      </g>
      <Chip
        box={row.qChip}
        lines={c.q_lora_rank === null ? ['q_proj', D.noQ] : ['q-LoRA', `d_c′ = ${c.q_lora_rank}`]}
        cached={false}
      />
      <Chip box={row.ckvChip} lines={[D.latent, `d_c = ${c.kv_lora_rank}`]} cached />
      <Chip box={row.ropeChip} lines={[D.ropeKey, `d_h^R = ${c.qk_rope_head_dim}`]} cached />

      <g className="arch-ffn">
        <rect x={row.ffn.x} y={row.ffn.y} width={row.ffn.w} height={row.ffn.h} rx={6} />
        {row.moe ? (
          <text x={row.ffn.x + 8} y={row.ffn.y + 15} className="arch-title">
            {D.moeTitle(c.num_experts_per_tok, c.n_routed_experts)}
            {c.topk_method !== 'greedy' && D.moeGroups(c.topk_group, c.n_group)}
          </text>
        ) : (
          <>
            <text x={mid(row.ffn).cx} y={mid(row.ffn).cy - 2} textAnchor="middle" className="arch-title">
              {D.denseMlp}
            </text>
            <text x={mid(row.ffn).cx} y={mid(row.ffn).cy + 14} textAnchor="middle" className="arch-detail">
              <SvgSym>{`d_ff = ${c.intermediate_size}`}</SvgSym>
            </text>
          </>
        )}
      </g>
      {row.shared.map((s, i) => (
        <g key={`s${i}`} className="arch-shared">
          <rect x={s.x} y={s.y} width={s.w} height={s.h - 15} rx={3} />
          <text x={mid(s).cx} y={s.y + (s.h - 15) / 2 + 4} textAnchor="middle" className="arch-shared-label">
            S{i + 1}
          </text>
        </g>
      ))}
      {row.shared.length > 0 && (
        <text
          x={(row.shared[0].x + row.shared[row.shared.length - 1].x + row.shared[0].w) / 2}
          y={row.shared[0].y + row.shared[0].h - 3}
          textAnchor="middle"
          className="arch-detail"
        >
          {D.shared}
        </text>
      )}
      {row.groups.map((g) => (
        <g key={`g${g.group}`} className={groupsUsed.has(g.group) ? 'arch-group arch-group-used' : 'arch-group'}>
          <rect x={g.x} y={g.y} width={g.w} height={g.h} rx={4} />
          <text x={mid(g).cx} y={g.y + g.h - 4} textAnchor="middle" className="arch-detail">
            {row.groups.length === 1 ? D.routed : g.w >= 52 ? D.group(g.group) : `G${g.group}`}
          </text>
        </g>
      ))}
      {row.experts.map((e) => {
        const on = chosen.has(e.expert);
        return (
          <g key={e.expert} className={on ? 'arch-expert arch-expert-on' : 'arch-expert'} data-expert={e.expert}>
            <rect x={e.x} y={e.y} width={e.w} height={e.h} rx={2} data-chosen={on ? 'true' : 'false'} />
            {e.w >= 13 && (
              <text x={mid(e).cx} y={mid(e).cy + 3.5} textAnchor="middle" className="arch-expert-label">
                {e.expert}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

function Gap({ row }: { row: GapRow }) {
  const { cx, cy } = mid(row.row);
  const n = row.to - row.from + 1;
  return (
    <g className="arch-gap">
      <rect x={row.row.x} y={row.row.y} width={row.row.w} height={row.row.h} rx={8} />
      <text x={cx} y={cy + 4} textAnchor="middle" className="arch-detail">
        {D.gap(row.from, row.to, n, row.moeLayers)}
      </text>
    </g>
  );
}

export function ArchitectureDiagram({ config: c, layout, routing, label }: ArchitectureDiagramProps) {
  const marker = `arch-arrow-${useId().replace(/:/g, '')}`;
  return (
    <svg
      className="viz-svg arch-diagram"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={label}
    >
      <defs>
        <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" className="arch-arrowhead" />
        </marker>
      </defs>
      {layout.arrows.map((a, i) => (
        <line key={i} className="arch-arrow" x1={a.x} x2={a.x} y1={a.y1} y2={a.y2} markerEnd={`url(#${marker})`} />
      ))}
      <Block
        box={layout.embedding}
        title={D.embedding}
        detail={D.embeddingDetail(c.vocab_size.toLocaleString('en-US'), c.hidden_size)}
        className="arch-block"
      />
      {layout.rows.map((r) =>
        r.kind === 'layer' ? (
          <Layer key={`l${r.layer}`} c={c} row={r} routing={routing.get(r.layer)} />
        ) : (
          <Gap key="gap" row={r} />
        ),
      )}
      <Block box={layout.norm} title={D.norm} detail={`d = ${c.hidden_size}`} className="arch-block" />
      <Block
        box={layout.lmHead}
        title="lm_head"
        detail={D.lmHeadDetail(c.hidden_size, c.vocab_size.toLocaleString('en-US'), c.tie_word_embeddings)}
        className="arch-block"
      />
    </svg>
  );
}
