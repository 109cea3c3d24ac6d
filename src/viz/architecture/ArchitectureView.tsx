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

const fmt = (n: number) => n.toLocaleString('en-US');

const moeCount = (c: DeepseekV2Config) =>
  Array.from({ length: c.num_hidden_layers }, (_, l) => isMoeLayer(c, l)).filter(Boolean).length;

/** "layer 0", "layers 0–2" or "no layer", for the explanation. */
function denseText(c: DeepseekV2Config): string {
  const dense = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => !isMoeLayer(c, l));
  if (dense.length === 0) return 'no layer';
  if (dense.length === c.num_hidden_layers) return 'every layer';
  if (dense.length === 1) return `layer ${dense[0]}`;
  return `${dense.length} layers`;
}

function summary(c: DeepseekV2Config, name: string, record: TokenRecord | undefined): string {
  const moe = moeCount(c);
  const parts = [
    `Block diagram of ${name}: embedding, ${c.num_hidden_layers} decoder layers`,
    ` (${c.num_hidden_layers - moe} dense, ${moe} MoE), final RMSNorm and lm_head.`,
    ` Each layer has MLA with ${c.num_attention_heads} heads`,
    c.q_lora_rank === null ? ', no query compression' : `, q-LoRA rank ${c.q_lora_rank}`,
    `, a cached latent c_KV of ${c.kv_lora_rank} and a cached RoPE key of ${c.qk_rope_head_dim}.`,
  ];
  if (moe > 0) {
    parts.push(
      ` MoE layers have ${c.n_shared_experts} shared experts and ${c.n_routed_experts} routed experts in ${c.n_group} groups; each token uses ${c.num_experts_per_tok}.`,
    );
  }
  if (record) {
    const used = record.layers
      .filter((l) => l.routing)
      .map((l) => `layer ${l.layer}: ${l.routing!.experts.join(', ')}`)
      .join('; ');
    if (used) parts.push(` Token ${record.index} "${record.text}" uses routed experts ${used}.`);
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
    ['embedding', 'lookup', fmt(counts.embedding), 0, ...last('')],
    ...counts.attentionPerLayer.map((a, l) => [
      `layer ${l}`,
      `MLA + ${isMoeLayer(c, l) ? 'MoE' : 'dense MLP'}`,
      fmt(a + counts.ffnPerLayer[l]),
      fmt(a + counts.activatedFfnPerLayer[l]),
      ...last(used(l)),
    ]),
    ['norms', 'RMSNorm gains', fmt(counts.norms), fmt(counts.norms), ...last('')],
    [
      'lm_head',
      c.tie_word_embeddings ? 'tied to embedding' : 'projection',
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
    <section role="region" aria-label="Architecture" className="panel arch">
      <h2>Architecture</h2>
      <UntrainedNote untrained={untrained} />
      <p className="viz-explain">
        A token enters as a row of the embedding table and passes through every decoder layer in turn. In each layer,{' '}
        <strong>Multi-head Latent Attention</strong> squeezes the keys and values of every head into one small latent
        vector <Sym>c_KV</Sym> plus one shared RoPE key <Sym>k_R</Sym>; only those two are kept in the cache for later
        tokens. Then a feed-forward block runs: a plain dense MLP in {denseText(config)}, and{' '}
        <strong>DeepSeekMoE</strong> in the others, where the shared experts always run and a router picks a few of the
        many small routed experts, inside a limited number of device groups. Only the chosen experts do any work, which
        is why far fewer parameters are active per token than the model holds.
      </p>
      {record && (
        <p className="arch-token">
          Highlighted: the routed experts token {record.index} <span className="arch-token-text">“{record.text}”</span>{' '}
          used in each MoE layer; outlined groups are the devices its router allowed.
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
              <i className="arch-swatch arch-swatch-cached" aria-hidden="true" /> cached per token
            </span>
            <span>
              <i className="arch-swatch arch-swatch-shared" aria-hidden="true" /> shared expert (always on)
            </span>
            <span>
              <i className="arch-swatch arch-swatch-on" aria-hidden="true" /> routed expert chosen
            </span>
            <span>
              <i className="arch-swatch arch-swatch-off" aria-hidden="true" /> routed expert idle
            </span>
          </figcaption>
          <ShowData
            what="architecture"
            caption={`Parameters per block of ${modelName}${record ? `, and the routed experts token ${record.index} used (gate weights)` : ''}`}
            columns={['block', 'kind', 'parameters', 'activated per token', ...(record ? ['experts used'] : [])]}
            rows={blockRows(config, counts, record ? routing : null)}
            textColumns={[1, 4]}
          />
        </figure>
        <aside className="arch-figures" aria-label="Parameter counts">
          <h3>Parameters</h3>
          <table className="arch-figures-table">
            <caption>Total, and activated per token (lm_head counted, input embedding not).</caption>
            <thead>
              <tr>
                <th scope="col">model</th>
                <th scope="col">total</th>
                <th scope="col">active</th>
                <th scope="col">share</th>
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
            DeepSeek-V2 and V2-Lite are computed with parameterCounts from their published configs, not copied from the
            paper. DeepSeek-V2 sends each token to {DEEPSEEK_V2.num_experts_per_tok} of its{' '}
            {DEEPSEEK_V2.n_routed_experts} routed experts per layer, so only{' '}
            {Math.round((100 * figures[1].activated) / figures[1].total)}% of its weights run for each token.
          </p>
        </aside>
      </div>
    </section>
  );
}
