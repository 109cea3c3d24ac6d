/**
 * Load balance: how evenly one MoE layer spreads the tokens seen so far over its experts and
 * devices, the three DeepSeek-V2 balance losses as L/α (spec §4.1–§4.3), and what token dropping
 * at a device capacity would remove (§4.6). balanceMath computes, balanceCharts lays out.
 */
import { useId, useMemo, useState } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { tickStep } from '../common/bars';
import { formatNumber, formatPercent, percentTicks } from '../common/format';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { CapacityPanel } from './CapacityPanel';
import { DeviceLoadChart } from './DeviceLoadChart';
import { ExpertBarsChart } from './ExpertBarsChart';
import { LossChart } from './LossChart';
import { deviceLoadChart, expertLoadChart, lossChart, meanProbChart } from './balanceCharts';
import { capacityDrops, hasRouting, layerBalance } from './balanceMath';
import {
  describeDeviceLoad,
  describeExpertLoad,
  describeLosses,
  describeMeanProb,
  deviceRows,
  expertRows,
  lossText,
} from './balanceText';
import '../common/chartParts.css';
import './balance.css';

export interface LoadBalanceViewProps {
  /** the model's config: N_r, K, n_group (D), topk_group (M) and the α coefficients. */
  config: DeepseekV2Config;
  /** every token's record so far; the statistics use records 0..selected. */
  records: TokenRecord[];
  /** position of the selected token: the window is tokens 0..selected, so it grows as you step. */
  selected: number;
  /** the MoE layer to show (a dense layer shows a short note instead). */
  layer: number;
  /** the records come from untrained (random) weights: say so. */
  untrained?: boolean;
}

export function LoadBalanceView({ config, records, selected, layer, untrained }: LoadBalanceViewProps) {
  const [factor, setFactor] = useState(1);
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const seen = useMemo(
    () => records.slice(0, Math.max(0, Math.min(selected, records.length - 1)) + 1),
    [records, selected],
  );
  const routed = hasRouting(seen, layer);
  const balance = useMemo(() => (routed ? layerBalance(seen, layer, config) : null), [routed, seen, layer, config]);
  const drops = useMemo(
    () => (routed ? capacityDrops(seen, layer, config, factor) : null),
    [routed, seen, layer, config, factor],
  );
  const nr = config.n_routed_experts ?? 0;
  const probChart = balance ? meanProbChart(balance) : null;
  const k = config.num_experts_per_tok;

  return (
    <section role="region" aria-label="Load balance" className="panel lb">
      <h2>Load balance · layer {layer}</h2>
      <UntrainedNote untrained={untrained}>
        Recorded from untrained (random) weights: the router is nearly uniform, so every number sits close to 1.
      </UntrainedNote>
      <p className="lb-intro">
        The router sends every token to {k} of the {nr} routed experts. If a few experts get most of the tokens they do
        most of the work while the rest sit idle, and in training on many GPUs the busiest device makes all the others
        wait. DeepSeek-V2 therefore adds small balance losses to its training loss. The load f<sub>i</sub> compares how
        often expert i was chosen with its fair share (1 = exactly fair), and P<sub>i</sub> is the router&apos;s average
        probability for it; the loss Σ f<sub>i</sub>·P<sub>i</sub>, shown as L/α, is 1 when routing is even and grows
        when the favourite experts are also the busiest. The same idea applies to the {config.n_group} devices that hold{' '}
        {nr / config.n_group} experts each (f′) and to how many tokens each device receives (f″). Everything counts
        tokens 0 to {seen.length - 1}, so it changes as you step. The slider at the bottom replays token dropping: a
        device given more than its capacity drops the assignments it is least sure of.
      </p>
      {!balance || !drops || !probChart ? (
        <p className="lb-dense">
          Layer {layer} has a dense MLP: every token uses the same feed-forward network, so there is nothing to balance.
          Pick an MoE layer.
        </p>
      ) : (
        <>
          <dl className="lb-stats">
            <div>
              <dt>Tokens counted</dt>
              <dd data-testid="stat-tokens">{balance.tokens}</dd>
            </div>
            <div>
              <dt>Busiest expert ÷ mean</dt>
              <dd data-testid="stat-max-mean">{formatNumber(balance.maxOverMean)}×</dd>
            </div>
            <div>
              <dt>Busiest device ÷ mean</dt>
              <dd>{formatNumber(balance.deviceMaxOverMean)}×</dd>
            </div>
            <div>
              <dt>Router entropy (mean per token)</dt>
              <dd>
                {formatNumber(balance.routerEntropy)} of {formatNumber(balance.maxEntropy)} bits
              </dd>
            </div>
            <div>
              <dt>Load entropy</dt>
              <dd>
                {formatNumber(balance.loadEntropy)} of {formatNumber(balance.maxEntropy)} bits
              </dd>
            </div>
          </dl>
          <div className="viz-figures">
            <figure className="viz-figure">
              <figcaption>
                Expert load f<sub>i</sub> (1 = fair share)
              </figcaption>
              <ExpertBarsChart
                chart={expertLoadChart(balance, drops)}
                label={describeExpertLoad(balance, drops)}
                refLabel={'fair\nshare = 1'}
                format={(v) => formatNumber(v, 1)}
                hatchId={`${uid}-load-hatch`}
              />
              <ShowData
                what="Expert load and mean probability"
                caption={`Per expert over ${balance.tokens} tokens: times chosen, load f, mean router probability P, assignments dropped at factor ${formatNumber(factor)}`}
                columns={['expert', 'device', 'chosen', 'f', 'P', 'dropped']}
                rows={expertRows(balance, drops)}
                highlight={drops.perExpert.flatMap((n, e) => (n > 0 ? [e] : []))}
                highlightLabel="has drops"
              />
            </figure>
            <figure className="viz-figure">
              <figcaption>
                Mean router probability P<sub>i</sub> (uniform = 1/{nr})
              </figcaption>
              <ExpertBarsChart
                chart={probChart}
                label={describeMeanProb(balance)}
                refLabel={`uniform\n= ${formatPercent(1 / nr)}`}
                format={percentTicks(tickStep(probChart.axis.ticks))}
                hatchId={`${uid}-prob-hatch`}
              />
              <ShowData
                what="Mean router probability"
                caption={`Per expert: mean router probability P over ${balance.tokens} tokens, and P·N_r (1 = uniform)`}
                columns={['expert', 'device', 'P', 'P·N_r']}
                rows={balance.P.map((p, e) => [
                  `expert ${e}`,
                  Math.floor(e / (nr / config.n_group)),
                  formatPercent(p),
                  formatNumber(p * nr, 3),
                ])}
              />
            </figure>
            <figure className="viz-figure">
              <figcaption>Load per device: f′ filled, f″ outlined (1 = balanced)</figcaption>
              <DeviceLoadChart chart={deviceLoadChart(balance)} label={describeDeviceLoad(balance)} />
              <ShowData
                what="Load per device"
                caption="Per device: assignments received, tokens received, f′ (mean expert load), P′ (summed probability), f″ (tokens received, 1 = balanced)"
                columns={['device', 'assignments', 'tokens', 'f′', 'P′', 'f″']}
                rows={deviceRows(balance)}
              />
            </figure>
            <figure className="viz-figure">
              <figcaption>Balance losses as L/α</figcaption>
              <LossChart chart={lossChart(balance)} label={describeLosses(balance)} />
              <p className="lb-muted lb-alpha">
                In training they are multiplied by α₁ = {config.aux_loss_alpha}, α₂ = {config.device_balance_alpha}, α₃
                = {config.comm_balance_alpha}.
              </p>
              <ShowData
                what="Balance losses"
                caption="Each balance loss divided by its coefficient α; 1 means perfectly balanced"
                columns={['loss', 'L/α']}
                rows={Object.entries(lossText(balance)).map(([key, v]) => [key, v])}
              />
            </figure>
          </div>
          <CapacityPanel drops={drops} tokens={seen} k={k} onFactor={setFactor} />
        </>
      )}
    </section>
  );
}
