/**
 * The Attention view: for one query token and one layer, what every head attends to, and how each
 * attention logit splits into a content part and a position (decoupled RoPE) part (DeepSeek-V2 eqs. (14)–(19); docs/model.md#decoupled-rope).
 */
import { interpolatePRGn, interpolateViridis } from 'd3';
import { useMemo, useState } from 'react';
import { softmaxScale, type DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { ColorRamp } from '../common/ColorRamp';
import { formatNumber } from '../common/format';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { useFollowedState } from '../common/useFollowedState';
import { AllHeadsHeatmap } from './AllHeadsHeatmap';
import { AttentionMath } from './AttentionMath';
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
import { ScrollBox } from '../common/ScrollBox';

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

const T = S.attention;

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
    <section className="panel viz-view att-view" role="region" aria-label={T.title}>
      <h2>{T.title}</h2>
      <p className="viz-intro">
        {T.intro.a(config.num_attention_heads)} <strong>{T.intro.content}</strong> {T.intro.part} q<sup>C</sup>·k
        <sup>C</sup>
        {T.intro.b} <strong>{T.intro.position}</strong> {T.intro.part} q<sup>R</sup>·k<sup>R</sup>
        {T.intro.c} σ = 1/√(d<sub>h</sub> + d<sub>h</sub>
        <sup>R</sup>){T.intro.d}
      </p>
      <UntrainedNote untrained={untrained}>{T.untrained}</UntrainedNote>
      {!rec || heads.length === 0 ? (
        <p role="status">{T.none(query, layer)}</p>
      ) : (
        <>
          <p className="att-context">
            {T.query} <strong className="att-token">“{rec.text}”</strong>
            {T.context(query, rec.source, layer, formatNumber(sigma, 4), nKeys)}
          </p>
          {nKeys === 1 && <p className="att-note">{T.first}</p>}
          <div className="att-heads" role="group" aria-label={T.enlarge}>
            <span className="att-heads-label">{T.enlargeLabel}</span>
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
          <h3 className="att-h3">{T.head(active.head)}</h3>
          <div className="viz-legend" aria-hidden="true">
            <span>
              <span className="viz-swatch att-swatch-weight" />
              {T.legendWeight}
            </span>
            <span>
              <span className="viz-swatch att-swatch-content" />
              {T.legendContent}
              <sup>C</sup>·k<sup>C</sup>
            </span>
            <span>
              <span className="viz-swatch att-swatch-position" />
              {T.legendPosition}
              <sup>R</sup>·k<sup>R</sup>
            </span>
            <span>
              <span className="att-swatch-logit" />
              {T.legendLogit}
            </span>
          </div>
          <ScrollBox label={T.title}>
            {detail && <HeadDetail head={active} layout={detail} left={layout.left} onPickKey={pick} />}
            <TokenAxis
              x={layout.x}
              texts={active.keys.map((k) => k.text)}
              query={query}
              width={layout.width}
              height={AXIS_HEIGHT}
              onPick={pick}
            />
            <h3 className="att-h3">{T.allHeads}</h3>
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
          </ScrollBox>
          <div className="viz-legend" aria-hidden="true">
            <ColorRamp
              label={T.rampWeight}
              interpolate={interpolateViridis}
              ticks={['0', null, formatNumber(wMax, 3)]}
            />
            <ColorRamp
              label={T.rampPart}
              interpolate={interpolatePRGn}
              ticks={[formatNumber(-pMax, 2), '0', formatNumber(pMax, 2)]}
            />
          </div>
          <div className="att-tables">
            <ShowData
              what={T.headData(active.head)}
              caption={T.headCaption(active.head)}
              columns={T.headColumns}
              rows={active.keys.map(keyCells)}
            />
            <ShowData
              what={T.allData}
              caption={T.allCaption(layer)}
              columns={T.allColumns}
              rows={heads.flatMap((h) => h.keys.map((k) => [T.headData(h.head), ...keyCells(k)]))}
            />
          </div>
          <AttentionMath config={config} query={query} text={rec.text} layer={layer} head={active} sigma={sigma} />
        </>
      )}
    </section>
  );
}
