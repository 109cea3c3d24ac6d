/**
 * The Attention view: for one query token and one layer, what every head attends to, and how each
 * attention logit splits into a content part and a position (decoupled RoPE) part (spec §2.4–2.6).
 */
import { interpolatePRGn, interpolateViridis } from 'd3';
import { useMemo, useState } from 'react';
import { softmaxScale, type DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { ColorRamp } from '../common/ColorRamp';
import { formatNumber } from '../common/format';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { useFollowedState } from '../common/useFollowedState';
import { AllHeadsHeatmap } from './AllHeadsHeatmap';
import {
  attentionSummary,
  headAttention,
  headDetailLayout,
  heatmapLayout,
  maxAbsPart,
  maxWeight,
  partColor,
  weightColor,
  type KeyTerm,
} from './attentionLayout';
import { HeadDetail } from './HeadDetail';
import { TokenAxis } from './TokenAxis';
import '../common/vizBase.css';
import './attention.css';

export interface AttentionViewProps {
  /** the model's config: number of heads, head widths and the softmax scale σ. */
  config: DeepseekV2Config;
  /** the recorded tokens, one per position. */
  records: TokenRecord[];
  /** position of the query token whose attention is shown. */
  selected: number;
  /** decoder layer to show, 0-based. */
  layer: number;
  /** called with a key token's position when it is clicked (the app makes it the selected token). */
  onSelectToken?: (index: number) => void;
  /** true when the records come from untrained (seeded random) weights: shows a note. */
  untrained?: boolean;
}

const AXIS_HEIGHT = 78;

/** A key's cells in the data tables: position, text, weight and the σ-scaled logit parts. */
const keyCells = (k: KeyTerm) => [
  `#${k.pos}`,
  k.text,
  k.weight.toFixed(4),
  formatNumber(k.content, 4),
  formatNumber(k.position, 4),
  formatNumber(k.logit, 4),
];

export function AttentionView({ config, records, selected, layer, onSelectToken, untrained }: AttentionViewProps) {
  const [query, setQuery] = useFollowedState(selected);
  const [head, setHead] = useState(0);
  const sigma = softmaxScale(config);
  const heads = useMemo(() => headAttention(records, query, layer, sigma), [records, query, layer, sigma]);
  const nKeys = heads[0]?.keys.length ?? 0;
  const layout = useMemo(() => heatmapLayout(heads.length, nKeys), [heads.length, nKeys]);
  const wMax = useMemo(() => maxWeight(heads), [heads]);
  const pMax = useMemo(() => maxAbsPart(heads), [heads]);
  const weightFill = useMemo(() => weightColor(wMax), [wMax]);
  const partFill = useMemo(() => partColor(pMax), [pMax]);
  const active = heads[Math.min(head, heads.length - 1)];
  const detail = useMemo(
    () =>
      active ? headDetailLayout(active, { x: layout.x, width: layout.width, weightMax: wMax, partMax: pMax }) : null,
    [active, layout, wMax, pMax],
  );
  const rec = records[query];
  const pick = (pos: number) => {
    setQuery(pos);
    onSelectToken?.(pos);
  };

  return (
    <section className="panel viz-view att-view" role="region" aria-label="Attention">
      <h2>Attention</h2>
      <p className="viz-intro">
        Each of the {config.num_attention_heads} heads of a layer decides how much of every earlier token this token
        reads. Its weights are a softmax over one score (logit) per earlier token, and in DeepSeek-V2’s Multi-head
        Latent Attention every score is the sum of two parts: a <strong>content</strong> part q<sup>C</sup>·k
        <sup>C</sup>, which compares what the two tokens are and ignores where they stand, and a{' '}
        <strong>position</strong> part q<sup>R</sup>·k<sup>R</sup> from the small rotary (RoPE) query and the one RoPE
        key all heads share, which depends on how far apart they are. Both are multiplied by σ = 1/√(d<sub>h</sub> + d
        <sub>h</sub>
        <sup>R</sup>). Green raises a token’s weight, purple lowers it.
      </p>
      <UntrainedNote untrained={untrained}>
        Untrained weights: these patterns come from random initialisation.
      </UntrainedNote>
      {!rec || heads.length === 0 ? (
        <p role="status">
          No attention recorded for token {query} at layer {layer}.
        </p>
      ) : (
        <>
          <p className="att-context">
            Query token <strong className="att-token">“{rec.text}”</strong> (#{query}, {rec.source}) · layer {layer} · σ
            = {formatNumber(sigma, 4)} · {nKeys} key{nKeys === 1 ? '' : 's'}
          </p>
          {nKeys === 1 && (
            <p className="att-note">
              The first token has nothing before it, so every head gives it all its attention (weight 1).
            </p>
          )}
          <div className="att-heads" role="group" aria-label="Enlarge a head">
            <span className="att-heads-label">Enlarge head:</span>
            {heads.map((h) => (
              <button
                key={h.head}
                type="button"
                className="viz-button att-head-button"
                aria-pressed={h.head === active.head}
                onClick={() => setHead(h.head)}
              >
                {h.head}
              </button>
            ))}
          </div>
          <h3 className="att-h3">Head {active.head}</h3>
          <div className="viz-legend" aria-hidden="true">
            <span>
              <span className="viz-swatch att-swatch-weight" />
              attention weight
            </span>
            <span>
              <span className="viz-swatch att-swatch-content" />
              content σ·q<sup>C</sup>·k<sup>C</sup>
            </span>
            <span>
              <span className="viz-swatch att-swatch-position" />
              position σ·q<sup>R</sup>·k<sup>R</sup>
            </span>
            <span>
              <span className="att-swatch-logit" />
              logit = content + position
            </span>
          </div>
          <div className="viz-scroll">
            {detail && <HeadDetail head={active} layout={detail} left={layout.left} onPickKey={pick} />}
            <TokenAxis
              x={layout.x}
              texts={active.keys.map((k) => k.text)}
              query={query}
              width={layout.width}
              height={AXIS_HEIGHT}
              onPick={pick}
            />
            <h3 className="att-h3">All heads</h3>
            <AllHeadsHeatmap
              heads={heads}
              layout={layout}
              weightFill={weightFill}
              partFill={partFill}
              activeHead={active.head}
              summary={attentionSummary(heads, { index: query, text: rec.text }, layer)}
              onPickHead={setHead}
              onPickKey={pick}
            />
          </div>
          <div className="viz-legend" aria-hidden="true">
            <ColorRamp label="weight" interpolate={interpolateViridis} ticks={['0', null, formatNumber(wMax, 3)]} />
            <ColorRamp
              label="logit part"
              interpolate={interpolatePRGn}
              ticks={[formatNumber(-pMax, 2), '0', formatNumber(pMax, 2)]}
            />
          </div>
          <div className="att-tables">
            <ShowData
              what={`head ${active.head}`}
              caption={`Head ${active.head}: one row per key position; the parts are already multiplied by σ, and logit = content + position.`}
              columns={['Key', 'Token', 'Weight', 'Content σ·q^C·k^C', 'Position σ·q^R·k^R', 'Logit']}
              rows={active.keys.map(keyCells)}
            />
            <ShowData
              what="all heads"
              caption={`Every head at layer ${layer}: one row per head and key; parts are multiplied by σ.`}
              columns={['Head', 'Key', 'Token', 'Weight', 'Content', 'Position', 'Logit']}
              rows={heads.flatMap((h) => h.keys.map((k) => [`head ${h.head}`, ...keyCells(k)]))}
            />
          </div>
        </>
      )}
    </section>
  );
}
