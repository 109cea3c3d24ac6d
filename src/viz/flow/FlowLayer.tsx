/**
 * One decoder layer in the Model flow, for the selected token: in full (MLA writing c_KV and k^R
 * to the latent cache, the query reading it, the output added to the stream; then the dense MLP
 * or DeepSeekMoE with its router, chosen experts, gates and shared experts), or as a compact
 * column (c_KV as a strip, the chosen experts as cells).
 */
import { memo } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { categoryStyle } from '../common/palette';
import { formatNumber } from '../common/format';
import { SvgSym } from '../common/Sym';
import { CacheRows } from './CacheRows';
import type { LayerFlow } from './flowData';
import type { LayerSlot, Orientation } from './flowLayout';
import { expertGrid, type ExpertGrid } from './flowParts';
import { Block, Connector, HeatStrip, RowLabel, stripBox, symBaseline, ValueBar, LABEL_W } from './FlowMarks';

export type FlowTarget = 'kv' | 'attention' | 'routing' | 'balance' | 'next';

const F = S.flow;

export interface FlowLayerProps {
  config: DeepseekV2Config;
  slot: LayerSlot;
  flow: LayerFlow;
  orientation: Orientation;
  /** every record: the cache rows of earlier tokens and the read tokens' texts. */
  records: TokenRecord[];
  selected: number;
  /** largest block-output norm of this token over all layers: the bars' scale. */
  maxNorm: number;
  onOpen: (view: FlowTarget, layer: number) => void;
}

/** Cells of the routed experts: chosen, on a device the token may not use, or neither. */
function ExpertCells({ grid, flow }: { grid: ExpertGrid; flow: LayerFlow }) {
  const r = flow.routing;
  return (
    <g aria-hidden="true">
      {grid.cells.map((cell) => {
        const chosen = r?.experts.includes(cell.expert) ?? false;
        const masked = r ? !r.selectedGroups.includes(cell.group) : false;
        const cls = chosen ? 'fl-expert fl-chosen viz-cat' : masked ? 'fl-expert fl-masked' : 'fl-expert';
        const inset = cell.size > 5 ? 0.75 : 0.25;
        return (
          <rect
            key={cell.expert}
            className={cls}
            style={chosen ? categoryStyle(0) : undefined}
            x={cell.x + inset}
            y={cell.y + inset}
            width={Math.max(0.5, cell.size - 2 * inset)}
            height={Math.max(0.5, cell.size - 2 * inset)}
          />
        );
      })}
    </g>
  );
}

function DetailedMla({ config: c, slot, flow: L, records, selected, maxNorm, onOpen }: FlowLayerProps) {
  const m = slot.mla!;
  const l = slot.layer;
  // the read rows that fit: the block drops the last ones when it is short.
  const reads = L.reads.slice(0, m.reads.length);
  return (
    <>
      <Block box={m.kvButton} name={F.open.kv(l)} onOpen={() => onOpen('kv', l)}>
        <text x={m.title.x} y={m.title.y + m.title.h - 3} className="fl-title">
          {F.mla}
          <tspan className="fl-size">
            {' · '}
            <SvgSym>{F.heads(c.num_attention_heads)}</SvgSym>
          </tspan>
        </text>
        <RowLabel box={m.cKV} sym={F.cKV} size={String(c.kv_lora_rank)} />
        <HeatStrip box={stripBox(m.cKV)} strip={L.cKV} />
        <RowLabel box={m.kR} sym={F.kR} size={String(c.qk_rope_head_dim)} />
        <HeatStrip
          box={{ ...stripBox(m.kR), w: (stripBox(m.kR).w * c.qk_rope_head_dim) / Math.max(c.kv_lora_rank, 1) }}
          strip={L.kR}
        />
        <CacheRows box={m.cache} records={records} selected={selected} layer={l} config={c} />
      </Block>
      <Block box={m.attnButton} name={F.open.attention(l)} onOpen={() => onOpen('attention', l)}>
        {L.cQ ? (
          <>
            <RowLabel box={m.q} sym={F.cQ} size={String(c.q_lora_rank)} />
            <HeatStrip box={stripBox(m.q)} strip={L.cQ} />
          </>
        ) : (
          <text x={m.q.x} y={symBaseline(m.q)} className="fl-label">
            <SvgSym>{F.qPlain}</SvgSym>
          </text>
        )}
        {reads.map((r, i) => (
          <g key={i}>
            {i === 0 && (
              <text x={m.reads[i].x} y={m.reads[i].y + m.reads[i].h - 3} className="fl-label">
                {F.reads}
              </text>
            )}
            <text
              x={m.reads[i].x + LABEL_W - 3}
              y={m.reads[i].y + m.reads[i].h - 3}
              className="fl-token"
              textAnchor="end"
            >
              #{r.index}
            </text>
            <ValueBar
              box={{ ...m.reads[i], x: m.reads[i].x + LABEL_W, w: m.reads[i].w - LABEL_W }}
              fraction={r.weight}
              label={`${r.index === selected ? F.self : `“${short(r.text)}”`} ${formatNumber(r.weight, 2)}`}
              labelW={Math.min(96, (m.reads[i].w - LABEL_W) * 0.6)}
            />
          </g>
        ))}
        <text x={m.out.x} y={m.out.y + m.out.h - 3} className="fl-label">
          {F.out}
        </text>
        <ValueBar
          box={{ ...m.out, x: m.out.x + LABEL_W, w: m.out.w - LABEL_W }}
          fraction={L.attnNorm / maxNorm}
          label={F.norm(formatNumber(L.attnNorm, 2))}
          labelW={64}
        />
      </Block>
    </>
  );
}

/** Token text cut to 7 characters. */
function short(t: string): string {
  const ch = Array.from(t);
  return ch.length > 7 ? `${ch.slice(0, 6).join('')}…` : t;
}

function DetailedFfn({ config: c, slot, flow: L, maxNorm, onOpen }: FlowLayerProps) {
  const p = slot.moeParts!;
  const l = slot.layer;
  const out = (
    <>
      <text x={p.out.x} y={p.out.y + p.out.h - 3} className="fl-label">
        {F.out}
      </text>
      <ValueBar
        box={{ ...p.out, x: p.out.x + LABEL_W, w: p.out.w - LABEL_W }}
        fraction={L.ffnNorm / maxNorm}
        label={F.norm(formatNumber(L.ffnNorm, 2))}
        labelW={64}
      />
    </>
  );
  if (!L.routing || !p.grid || !p.expertsButton || !p.shared) {
    return (
      <Block box={p.routerButton} name={F.open.dense(l)} onOpen={() => onOpen('routing', l)}>
        <text x={p.title.x} y={p.title.y + p.title.h - 3} className="fl-title">
          {F.dense}
        </text>
        <text x={p.gates[0].x} y={p.gates[0].y + p.gates[0].h - 3} className="fl-label">
          <SvgSym>{F.denseShape(c.hidden_size, c.intermediate_size)}</SvgSym>
        </text>
        <text x={p.gates[1].x} y={p.gates[1].y + p.gates[1].h - 3} className="fl-note">
          {F.denseSame}
        </text>
        {out}
      </Block>
    );
  }
  const r = L.routing;
  const maxGate = Math.max(...r.gates, 1e-9);
  const limited = c.topk_method !== 'greedy' && c.n_group > 1;
  const sharedCell = p.shared.h - 4;
  return (
    <>
      <Block box={p.routerButton} name={F.open.router(l)} onOpen={() => onOpen('routing', l)}>
        <text x={p.title.x} y={p.title.y + p.title.h - 3} className="fl-title">
          {F.moe}
          <tspan className="fl-size">
            {' · '}
            {F.topK(c.num_experts_per_tok, c.n_routed_experts ?? 0)}
            {' · '}
            {F.scoring[c.scoring_func]}
          </tspan>
        </text>
        <text x={p.title.x} y={p.title.y + p.title.h + 10} className="fl-size">
          {limited
            ? F.devices(c.topk_group, c.n_group, c.num_experts_per_tok)
            : F.router(c.num_experts_per_tok, c.n_routed_experts ?? 0)}
        </text>
        <ExpertCells grid={p.grid} flow={L} />
        {c.n_group > 1 &&
          p.grid.groups.map((g) => (
            <text key={g.group} x={g.x} y={g.y + g.h + 9} className="fl-size">
              {F.device(g.group)}
            </text>
          ))}
      </Block>
      <Block box={p.expertsButton} name={F.open.experts(l)} onOpen={() => onOpen('balance', l)}>
        {r.experts.map((e, i) => (
          <g key={i}>
            <text
              x={p.gates[i].x + LABEL_W - 18}
              y={p.gates[i].y + p.gates[i].h - 2}
              textAnchor="end"
              className="fl-token"
            >
              {F.expert(e)}
            </text>
            <ValueBar
              box={{ ...p.gates[i], x: p.gates[i].x + LABEL_W - 12, w: p.gates[i].w - LABEL_W + 12 }}
              fraction={r.gates[i] / maxGate}
              label={`g = ${formatNumber(r.gates[i], 3)}`}
              labelW={58}
            />
          </g>
        ))}
        {Array.from({ length: c.n_shared_experts }, (_, s) => (
          <rect
            key={s}
            className="fl-expert fl-shared viz-cat"
            style={categoryStyle(1)}
            x={p.shared!.x + s * (sharedCell + 2)}
            y={p.shared!.y + 2}
            width={sharedCell}
            height={sharedCell}
          />
        ))}
        <text
          x={p.shared.x + c.n_shared_experts * (sharedCell + 2) + 4}
          y={p.shared.y + p.shared.h - 3}
          className="fl-label"
        >
          {F.shared(c.n_shared_experts)}
        </text>
        {out}
      </Block>
    </>
  );
}

/** A compact layer: c_KV as a strip, the routed experts as cells (or the word MLP). */
function CompactLayer({ config: c, slot, flow: L, orientation, onOpen }: FlowLayerProps) {
  const l = slot.layer;
  const down = orientation === 'horizontal';
  const inner = (b: typeof slot.attn) => ({ x: b.x + 2, y: b.y + 3, w: Math.max(1, b.w - 4), h: Math.max(1, b.h - 6) });
  const grid = slot.moe ? expertGrid(c, inner(slot.ffn), 10) : null;
  return (
    <>
      <Block box={slot.attn} name={F.open.kv(l)} onOpen={() => onOpen('kv', l)} className="fl-compact">
        <HeatStrip box={inner(slot.attn)} strip={L.cKV} down={down} />
      </Block>
      <Block
        box={slot.ffn}
        name={slot.moe ? F.open.router(l) : F.open.dense(l)}
        onOpen={() => onOpen('routing', l)}
        className="fl-compact"
      >
        {grid ? (
          <ExpertCells grid={grid} flow={L} />
        ) : (
          <text
            className="fl-note"
            textAnchor="middle"
            x={slot.ffn.x + slot.ffn.w / 2}
            y={slot.ffn.y + slot.ffn.h / 2 + 3}
            transform={
              down && slot.ffn.w < 30
                ? `rotate(-90 ${slot.ffn.x + slot.ffn.w / 2} ${slot.ffn.y + slot.ffn.h / 2})`
                : undefined
            }
          >
            MLP
          </text>
        )}
      </Block>
    </>
  );
}

export const FlowLayer = memo(function FlowLayer(props: FlowLayerProps) {
  const { slot, orientation: o } = props;
  const lab = slot.label;
  const name = slot.detailed ? `${F.layer(slot.layer)} · ${slot.moe ? F.moe : F.dense}` : String(slot.layer);
  return (
    <g className={slot.detailed ? 'fl-layer fl-detailed' : 'fl-layer'} data-layer={slot.layer}>
      <text
        x={slot.detailed || o === 'vertical' ? lab.x + 2 : lab.x + lab.w / 2}
        y={lab.y + lab.h - 4}
        textAnchor={slot.detailed || o === 'vertical' ? 'start' : 'middle'}
        className={slot.detailed ? 'fl-layer-name' : 'fl-layer-num'}
      >
        {o === 'vertical' && !slot.detailed ? F.layerShort(slot.layer) : name}
      </text>
      {slot.detailed ? (
        <>
          <Connector p={slot.attnIn} box={slot.attn} o={o} add={false} />
          <Connector p={slot.attnAdd} box={slot.attn} o={o} add />
          <Connector p={slot.ffnIn} box={slot.ffn} o={o} add={false} />
          <Connector p={slot.ffnAdd} box={slot.ffn} o={o} add />
        </>
      ) : (
        <>
          <Connector p={slot.attnAdd} box={o === 'vertical' ? slot.frame : slot.attn} o={o} add small />
          {o === 'horizontal' && <Connector p={slot.ffnAdd} box={slot.ffn} o={o} add small />}
        </>
      )}
      {slot.detailed ? (
        <>
          <DetailedMla {...props} />
          <DetailedFfn {...props} />
        </>
      ) : (
        <CompactLayer {...props} />
      )}
    </g>
  );
});
