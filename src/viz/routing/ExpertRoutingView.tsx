/**
 * The Expert routing view: for one MoE layer, every token's router probabilities over the routed
 * experts, grouped by device, with the group-limited greedy choice marked (docs/model.md#router), and the
 * path of the selected token through all layers.
 */
import { interpolateViridis } from 'd3';
import { useCallback, useMemo, useState } from 'react';
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { ColorRamp } from '../common/ColorRamp';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { useFollowedState } from '../common/useFollowedState';
import {
  expertGroup,
  expertLoads,
  maxProb,
  moeLayers,
  probColor,
  routingGrid,
  routingRows,
  routingScoring,
  routingSummary,
  tokensRoutedTo,
} from './routingLayout';
import { RoutingHeatmap } from './RoutingHeatmap';
import { RoutingMath } from './RoutingMath';
import { TokenPath } from './TokenPath';
import '../common/vizBase.css';
import './routing.css';
import { ScrollBox } from '../common/ScrollBox';

export interface ExpertRoutingViewProps {
  /** the model's config: expert counts, groups (devices), top-K and which layers are MoE. */
  config: DeepseekV2Config;
  /** the recorded tokens, one per position; every one is a row of the grid. */
  records: TokenRecord[];
  /** position of the selected token: its row is outlined and its path shown. */
  selected: number;
  /** decoder layer to show, 0-based; a dense layer shows a note instead of the grid. */
  layer: number;
  /** called with a token's position when its row is clicked. */
  onSelectToken?: (index: number) => void;
  /** the highlighted routed expert (null for none); leave undefined to let the view keep its own. */
  highlightedExpert?: number | null;
  /** called when an expert header is clicked: the expert, or null when it is clicked again. */
  onHighlightExpert?: (expert: number | null) => void;
  /** true when the records come from untrained (seeded random) weights: shows a note. */
  untrained?: boolean;
}

const R = S.routing;

function listWords(xs: number[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} ${R.or} ${xs[xs.length - 1]}`;
}

export function ExpertRoutingView({
  config,
  records,
  selected,
  layer,
  onSelectToken,
  highlightedExpert,
  onHighlightExpert,
  untrained,
}: ExpertRoutingViewProps) {
  const [token, setToken] = useFollowedState(selected);
  const [ownHighlight, setOwnHighlight] = useState<number | null>(null);
  const highlighted = highlightedExpert === undefined ? ownHighlight : highlightedExpert;
  const moe = isMoeLayer(config, layer);
  const rows = useMemo(() => (moe ? routingRows(config, records, layer) : []), [config, records, layer, moe]);
  const grid = useMemo(() => routingGrid(config, rows.length), [config, rows.length]);
  const loads = useMemo(() => expertLoads(config, records, layer), [config, records, layer]);
  const routedTo = highlighted === null ? [] : tokensRoutedTo(records, layer, highlighted);
  const pMax = maxProb(rows);
  const fill = useMemo(() => probColor(pMax), [pMax]);
  const record = records[token];
  const K = config.num_experts_per_tok;
  const scoring = useMemo(() => routingScoring(records, layer), [records, layer]);

  const pickToken = useCallback(
    (index: number) => {
      setToken(index);
      onSelectToken?.(index);
    },
    [setToken, onSelectToken],
  );
  const pickExpert = (expert: number) => {
    const next = highlighted === expert ? null : expert;
    setOwnHighlight(next);
    onHighlightExpert?.(next);
  };

  return (
    <section className="panel viz-view rt-view" role="region" aria-label={R.title}>
      <h2>{R.title}</h2>
      <p className="viz-intro">
        {R.intro(config.n_routed_experts ?? 0, config.n_group, config.topk_group, K, config.n_shared_experts)}
      </p>
      <UntrainedNote untrained={untrained}>{R.untrained}</UntrainedNote>
      {!moe || rows.length === 0 ? (
        <p className="rt-dense" role="status">
          {R.dense(layer, moe, listWords(moeLayers(config)))}
        </p>
      ) : (
        <>
          <div className="viz-legend" aria-hidden="true">
            <ColorRamp
              label={R.ramp}
              interpolate={interpolateViridis}
              ticks={['0', (pMax / 2).toFixed(3), pMax.toFixed(3)]}
            />
            <span>
              <svg width={14} height={14} className="rt-legend-svg">
                <circle cx={7} cy={7} r={4.5} className="rt-dot" />
              </svg>
              {R.used(K)}
            </span>
            <span>
              <span className="viz-swatch rt-swatch-masked" />
              {R.masked}
            </span>
          </div>
          <p className="rt-scoring">
            <span className="rt-scoring-label">{R.scoring[scoring.scoring]}</span>{' '}
            {scoring.bias ? R.biasNote : R.softmaxNote}
          </p>
          {scoring.bias && (
            <ul className="rt-bias" aria-label={R.biasList}>
              {scoring.bias.map((b, e) => (
                <li key={e}>{R.biasItem(e, (b >= 0 ? '+' : '−') + Math.abs(b).toFixed(3))}</li>
              ))}
            </ul>
          )}
          <ScrollBox label={R.title}>
            <RoutingHeatmap
              rows={rows}
              grid={grid}
              fill={fill}
              selected={token}
              highlighted={highlighted}
              summary={routingSummary(config, rows, layer, token, loads)}
              onPickToken={pickToken}
              onPickExpert={pickExpert}
            />
          </ScrollBox>
          <div className="rt-highlight" aria-live="polite">
            {highlighted === null ? (
              <p className="rt-hint">{R.hint}</p>
            ) : (
              <>
                <p>
                  <strong>{R.expert(highlighted)}</strong>
                  {R.chosenBy(expertGroup(config, highlighted), routedTo.length, rows.length, layer)}{' '}
                  <button type="button" className="viz-button" onClick={() => pickExpert(highlighted)}>
                    {R.clear}
                  </button>
                </p>
                <ul className="rt-routed-list" aria-label={R.routedList(highlighted)}>
                  {routedTo.map((t) => (
                    <li key={t.index}>
                      <span className="rt-token-text">“{t.text}”</span>
                      {R.routedItem(t.index, t.gate.toFixed(3), t.rank + 1)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <ShowData
            what={R.data}
            caption={R.caption(layer, K)}
            columns={[...R.columns, ...Array.from({ length: config.n_routed_experts ?? 0 }, (_, e) => `E${e}`)]}
            rows={rows.map((r) => [
              r.text,
              r.index,
              r.selectedGroups.join(', '),
              ...r.cells.map((c) => `${c.prob.toFixed(3)}${c.rank >= 0 ? '*' : ''}`),
            ])}
          />
        </>
      )}
      {record && <TokenPath config={config} record={record} layer={layer} />}
      {record && moe && <RoutingMath config={config} record={record} layer={layer} />}
    </section>
  );
}
