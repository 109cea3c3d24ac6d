/**
 * The Expert routing view: for one MoE layer, every token's router probabilities over the routed
 * experts, grouped by device, with the group-limited greedy choice marked (spec §3.3–3.4), and the
 * path of the selected token through all layers.
 */
import { interpolateViridis } from 'd3';
import { useCallback, useMemo, useState } from 'react';
import { isMoeLayer, type DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { ColorRamp } from '../common/ColorRamp';
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
  routingSummary,
  tokensRoutedTo,
} from './routingLayout';
import { RoutingHeatmap } from './RoutingHeatmap';
import { TokenPath } from './TokenPath';
import '../common/vizBase.css';
import './routing.css';

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

function listWords(xs: number[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
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
    <section className="panel viz-view rt-view" role="region" aria-label="Expert routing">
      <h2>Expert routing</h2>
      <p className="viz-intro">
        In an MoE layer each token’s hidden state goes to only a few experts. A router scores all{' '}
        {config.n_routed_experts ?? 0} routed experts with a softmax (s). The experts are split over {config.n_group}{' '}
        devices, and to keep communication cheap DeepSeek-V2 first picks the {config.topk_group} device
        {config.topk_group === 1 ? '' : 's'} holding the token’s best experts, then takes the top {K} experts inside
        them (group-limited greedy). Their outputs are added, weighted by s, to those of the {config.n_shared_experts}{' '}
        shared experts that every token uses.
      </p>
      <UntrainedNote untrained={untrained}>Untrained weights: the router is still random.</UntrainedNote>
      {!moe || rows.length === 0 ? (
        <p className="rt-dense" role="status">
          Layer {layer} is {moe ? 'not recorded' : 'a dense layer'}: every token goes through the same feed-forward
          network, so there is no routing to show. Choose an MoE layer ({listWords(moeLayers(config))}) to see the
          experts.
        </p>
      ) : (
        <>
          <div className="viz-legend" aria-hidden="true">
            <ColorRamp
              label="router probability s"
              interpolate={interpolateViridis}
              ticks={['0', (pMax / 2).toFixed(3), pMax.toFixed(3)]}
            />
            <span>
              <svg width={14} height={14} className="rt-legend-svg">
                <circle cx={7} cy={7} r={4.5} className="rt-dot" />
              </svg>
              used by the token (its top {K}, and the shared experts)
            </span>
            <span>
              <span className="viz-swatch rt-swatch-masked" />
              device not selected for that token
            </span>
          </div>
          <div className="viz-scroll">
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
          </div>
          <div className="rt-highlight" aria-live="polite">
            {highlighted === null ? (
              <p className="rt-hint">Press an expert number to highlight the tokens routed to it.</p>
            ) : (
              <>
                <p>
                  <strong>Expert {highlighted}</strong> (device {expertGroup(config, highlighted)}) is chosen by{' '}
                  {routedTo.length} of {rows.length} tokens at layer {layer}.{' '}
                  <button type="button" className="viz-button" onClick={() => pickExpert(highlighted)}>
                    Clear
                  </button>
                </p>
                <ul className="rt-routed-list" aria-label={`Tokens routed to expert ${highlighted}`}>
                  {routedTo.map((t) => (
                    <li key={t.index}>
                      <span className="rt-token-text">“{t.text}”</span> #{t.index} · gate {t.gate.toFixed(3)} · choice{' '}
                      {t.rank + 1}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <ShowData
            what="router probabilities"
            caption={`Layer ${layer}: one row per token; s for every routed expert, * marks the chosen top ${K}.`}
            columns={[
              'Token',
              '#',
              'Devices',
              ...Array.from({ length: config.n_routed_experts ?? 0 }, (_, e) => `E${e}`),
            ]}
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
    </section>
  );
}
