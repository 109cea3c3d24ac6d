/**
 * Architecture view: the loaded config as a block diagram (embedding → MLA + dense/MoE layers →
 * norm → lm_head), its parameters beside DeepSeek-V2's and V2-Lite's, and the routed experts the
 * selected token used.
 */
import { useMemo } from 'react';
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';
import { DEEPSEEK_V2 } from '../../model/presets';
import { parameterCounts, type ParameterCounts } from '../../model/sizes';
import type { TokenRecord, TokenRouting } from '../../session/records';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { Sym } from '../common/Sym';
import { UntrainedNote } from '../common/UntrainedNote';
import '../common/vizBase.css';
import { ArchitectureDiagram } from './ArchitectureDiagram';
import { formatCount, parameterFigures } from './figures';
import { architectureLayout } from './layout';
import './architecture.css';

export interface ArchitectureViewProps {
  /** the loaded model's config; the diagram and the first figures row are computed from it. */
  config: DeepseekV2Config;
  /** the session's per-token records; only records[selected].layers[*].routing is read. */
  records: TokenRecord[];
  /** index into records of the token whose routed experts are highlighted; omit for none. */
  selected?: number;
  /** the loaded model's name in the text and the figures table. */
  modelName?: string;
  /** true when the records come from seeded random weights: shows a small note. */
  untrained?: boolean;
}

const A = S.architecture;

const fmt = (n: number) => n.toLocaleString('en-US');

const moeCount = (c: DeepseekV2Config) =>
  Array.from({ length: c.num_hidden_layers }, (_, l) => isMoeLayer(c, l)).filter(Boolean).length;

/** "layer 0", "layers 0–2" or "no layer", for the explanation. */
function denseText(c: DeepseekV2Config): string {
  const dense = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => !isMoeLayer(c, l));
  if (dense.length === 0) return A.denseNone;
  if (dense.length === c.num_hidden_layers) return A.denseAll;
  if (dense.length === 1) return A.denseOne(dense[0]);
  return A.denseMany(dense.length);
}

function summary(c: DeepseekV2Config, name: string, record: TokenRecord | undefined): string {
  const moe = moeCount(c);
  const parts = [
    A.summary.head(name, c.num_hidden_layers),
    A.summary.kinds(c.num_hidden_layers - moe, moe),
    A.summary.heads(c.num_attention_heads),
    c.q_lora_rank === null ? A.summary.noQ : A.summary.qRank(c.q_lora_rank),
    A.summary.cache(c.kv_lora_rank, c.qk_rope_head_dim),
  ];
  if (moe > 0) {
    parts.push(A.summary.moe(c.n_shared_experts, c.n_routed_experts, c.n_group, c.num_experts_per_tok));
  }
  if (record) {
    const used = record.layers
      .filter((l) => l.routing)
      .map((l) => A.summary.usedLayer(l.layer, l.routing!.experts.join(', ')))
      .join('; ');
    if (used) parts.push(A.summary.used(record.index, record.text, used));
  }
  return parts.join('');
}

/**
 * The data table's rows: each block's parameters, all and activated per token, and with
 * `routing` (the selected token's, by layer) the experts it used with their gate weights.
 */
function blockRows(
  c: DeepseekV2Config,
  counts: ParameterCounts,
  routing: Map<number, TokenRouting> | null,
): (string | number)[][] {
  // the "experts used" column exists only while a token is selected.
  const last = (cell: string) => (routing ? [cell] : []);
  const used = (l: number) => {
    const r = routing?.get(l);
    return r ? r.experts.map((e, i) => `${e} (${r.gates[i].toFixed(3)})`).join(', ') : '—';
  };
  return [
    [A.rows.embedding, A.rows.lookup, fmt(counts.embedding), 0, ...last('')],
    ...counts.attentionPerLayer.map((a, l) => [
      A.rows.layer(l),
      A.rows.mla(isMoeLayer(c, l)),
      fmt(a + counts.ffnPerLayer[l]),
      fmt(a + counts.activatedFfnPerLayer[l]),
      ...last(used(l)),
    ]),
    [A.rows.norms, A.rows.normGains, fmt(counts.norms), fmt(counts.norms), ...last('')],
    [
      A.rows.lmHead,
      c.tie_word_embeddings ? A.rows.tied : A.rows.projection,
      fmt(counts.lmHead),
      fmt(c.vocab_size * c.hidden_size),
      ...last(''),
    ],
  ];
}

export function ArchitectureView({
  config,
  records,
  selected,
  modelName = 'TinySeek',
  untrained = false,
}: ArchitectureViewProps) {
  const layout = useMemo(() => architectureLayout(config), [config]);
  const counts = useMemo(() => parameterCounts(config), [config]);
  const figures = useMemo(() => parameterFigures(config, modelName), [config, modelName]);
  const record = selected === undefined ? undefined : records[selected];
  const routing = useMemo(() => {
    const m = new Map<number, TokenRouting>();
    for (const l of record?.layers ?? []) if (l.routing) m.set(l.layer, l.routing);
    return m;
  }, [record]);

  return (
    <section role="region" aria-label={A.title} className="panel arch">
      <h2>{A.title}</h2>
      <UntrainedNote untrained={untrained} />
      <p className="viz-explain">
        {A.explain.a} <strong>{A.explain.mla}</strong> {A.explain.b} <Sym>c_KV</Sym> {A.explain.c} <Sym>k_R</Sym>
        {A.explain.d(denseText(config))} <strong>{A.explain.moe}</strong> {A.explain.e}
      </p>
      {record && (
        <p className="arch-token">
          {A.highlighted(record.index)} <span className="arch-token-text">“{record.text}”</span> {A.highlightedTail}
        </p>
      )}
      <div className="arch-body">
        <figure className="arch-figure">
          <ArchitectureDiagram
            config={config}
            layout={layout}
            routing={routing}
            label={summary(config, modelName, record)}
          />
          <figcaption className="arch-legend">
            <span>
              <i className="arch-swatch arch-swatch-cached" aria-hidden="true" /> {A.legend.cached}
            </span>
            <span>
              <i className="arch-swatch arch-swatch-shared" aria-hidden="true" /> {A.legend.shared}
            </span>
            <span>
              <i className="arch-swatch arch-swatch-on" aria-hidden="true" /> {A.legend.on}
            </span>
            <span>
              <i className="arch-swatch arch-swatch-off" aria-hidden="true" /> {A.legend.off}
            </span>
          </figcaption>
          <ShowData
            what={A.data}
            caption={A.dataCaption(modelName, record ? record.index : null)}
            columns={[...A.dataColumns, ...(record ? [A.dataUsed] : [])]}
            rows={blockRows(config, counts, record ? routing : null)}
            textColumns={[1, 4]}
          />
        </figure>
        <aside className="arch-figures" aria-label={A.counts}>
          <h3>{A.parameters}</h3>
          <table className="arch-figures-table">
            <caption>{A.countsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{A.countsColumns.model}</th>
                <th scope="col">{A.countsColumns.total}</th>
                <th scope="col">{A.countsColumns.active}</th>
                <th scope="col">{A.countsColumns.share}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <tr key={f.name} className={f.loaded ? 'arch-loaded' : undefined}>
                  <th scope="row">{f.name}</th>
                  <td data-testid={f.loaded ? 'total-params' : undefined} title={fmt(f.total)}>
                    {formatCount(f.total)}
                  </td>
                  <td data-testid={f.loaded ? 'activated-params' : undefined} title={fmt(f.activated)}>
                    {formatCount(f.activated)}
                  </td>
                  <td>{Math.round((100 * f.activated) / f.total)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="arch-note">
            {A.note(
              DEEPSEEK_V2.num_experts_per_tok,
              DEEPSEEK_V2.n_routed_experts,
              Math.round((100 * figures[1].activated) / figures[1].total),
            )}
          </p>
        </aside>
      </div>
    </section>
  );
}
