/**
 * Load balance: how evenly one MoE layer spreads the tokens seen so far over its experts and
 * devices, the three DeepSeek-V2 balance losses as L/α (DeepSeek-V2 eqs. (23)–(31)), and what token dropping
 * at a device capacity would remove (docs/model.md#token-dropping). balanceMath computes, balanceCharts lays out.
 */
import { useId, useMemo, useState } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { tickStep } from '../common/bars';
import { formatNumber, formatPercent, percentTicks } from '../common/format';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { CapacityPanel } from './CapacityPanel';
import { DeviceLoadChart } from './DeviceLoadChart';
import { ExpertBarsChart } from './ExpertBarsChart';
import { LossChart } from './LossChart';
import { LossMath } from './LossMath';
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

const B = S.balance;

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
    <section role="region" aria-label={B.title} className="panel lb">
      <h2>{B.heading(layer)}</h2>
      <UntrainedNote untrained={untrained}>{B.untrained}</UntrainedNote>
      <p className="lb-intro">
        {B.intro.a(k, nr)}
        <sub>i</sub>
        {B.intro.b}
        <sub>i</sub>
        {B.intro.c}
        <sub>i</sub>·P<sub>i</sub>
        {B.intro.d(config.n_group, nr / config.n_group, seen.length - 1)}
      </p>
      {!balance || !drops || !probChart ? (
        <p className="lb-dense">{B.dense(layer)}</p>
      ) : (
        <>
          <dl className="lb-stats">
            <div>
              <dt>{B.stats.tokens}</dt>
              <dd data-testid="stat-tokens">{balance.tokens}</dd>
            </div>
            <div>
              <dt>{B.stats.maxMean}</dt>
              <dd data-testid="stat-max-mean">{formatNumber(balance.maxOverMean)}×</dd>
            </div>
            <div>
              <dt>{B.stats.deviceMaxMean}</dt>
              <dd>{formatNumber(balance.deviceMaxOverMean)}×</dd>
            </div>
            <div>
              <dt>{B.stats.routerEntropy}</dt>
              <dd>{B.stats.bits(formatNumber(balance.routerEntropy), formatNumber(balance.maxEntropy))}</dd>
            </div>
            <div>
              <dt>{B.stats.loadEntropy}</dt>
              <dd>{B.stats.bits(formatNumber(balance.loadEntropy), formatNumber(balance.maxEntropy))}</dd>
            </div>
          </dl>
          <div className="viz-figures">
            <figure className="viz-figure">
              <figcaption>
                {B.load.caption}
                <sub>i</sub>
                {B.load.captionTail}
              </figcaption>
              <ExpertBarsChart
                chart={expertLoadChart(balance, drops)}
                label={describeExpertLoad(balance, drops)}
                refLabel={B.load.ref}
                format={(v) => formatNumber(v, 1)}
                hatchId={`${uid}-load-hatch`}
              />
              <ShowData
                what={B.load.data}
                caption={B.load.dataCaption(balance.tokens, formatNumber(factor))}
                columns={B.load.columns}
                rows={expertRows(balance, drops)}
                highlight={drops.perExpert.flatMap((n, e) => (n > 0 ? [e] : []))}
                highlightLabel={B.load.hasDrops}
              />
            </figure>
            <figure className="viz-figure">
              <figcaption>
                {B.prob.caption}
                <sub>i</sub>
                {B.prob.captionTail(nr)}
              </figcaption>
              <ExpertBarsChart
                chart={probChart}
                label={describeMeanProb(balance)}
                refLabel={B.prob.ref(formatPercent(1 / nr))}
                format={percentTicks(tickStep(probChart.axis.ticks))}
                hatchId={`${uid}-prob-hatch`}
              />
              <ShowData
                what={B.prob.data}
                caption={B.prob.dataCaption(balance.tokens)}
                columns={B.prob.columns}
                rows={balance.P.map((p, e) => [
                  B.expert(e),
                  Math.floor(e / (nr / config.n_group)),
                  formatPercent(p),
                  formatNumber(p * nr, 3),
                ])}
              />
            </figure>
            <figure className="viz-figure">
              <figcaption>{B.device.caption}</figcaption>
              <DeviceLoadChart chart={deviceLoadChart(balance)} label={describeDeviceLoad(balance)} />
              <ShowData
                what={B.device.data}
                caption={B.device.dataCaption}
                columns={B.device.columns}
                rows={deviceRows(balance)}
              />
            </figure>
            <figure className="viz-figure">
              <figcaption>{B.losses.caption}</figcaption>
              <LossChart chart={lossChart(balance)} label={describeLosses(balance)} />
              <p className="lb-muted lb-alpha">
                {B.losses.alpha(config.aux_loss_alpha, config.device_balance_alpha, config.comm_balance_alpha)}
              </p>
              <ShowData
                what={B.losses.data}
                caption={B.losses.dataCaption}
                columns={B.losses.columns}
                rows={Object.entries(lossText(balance)).map(([key, v]) => [key, v])}
              />
            </figure>
          </div>
          <CapacityPanel drops={drops} tokens={seen} k={k} onFactor={setFactor} />
          <LossMath config={config} balance={balance} />
        </>
      )}
    </section>
  );
}
