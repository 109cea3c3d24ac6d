/**
 * The Balance lab: a small DeepSeekMoE model trains in a worker while these charts follow its
 * routing. Presentational: the page (src/app/labs/BalanceLab.tsx) or a story passes the state.
 */
import { useDeferredValue, useState } from 'react';
import type { BalanceLabState } from '../../state/balanceLabSlice';
import type { LabPoint, LabRunFile } from '../../train/lab/labRun';
import type { LabPresetName, LabSettings } from '../../train/lab/labSettings';
import { formatNumber, formatPercent } from '../common/format';
import { LabControls } from './LabControls';
import { LabLineChart } from './LabLineChart';
import { LoadHeatmap } from './LoadHeatmap';
import { RunFile } from './RunFile';
import './balancelab.css';

export interface BalanceLabActions {
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onPreset: (name: LabPresetName) => void;
  onChange: (patch: Partial<LabSettings>) => void;
  onLoadRun: (run: LabRunFile) => void;
  onMessage: (message: string | null) => void;
}

export interface BalanceLabViewProps extends BalanceLabActions {
  /** the lab's state from the store (or a recorded run). */
  lab: BalanceLabState;
}

const series = (points: LabPoint[], name: string, pick: (p: LabPoint) => number) => ({
  name,
  points: points.map((p) => [p.step, pick(p)] as [number, number]),
});

export function BalanceLabView({ lab, ...a }: BalanceLabViewProps) {
  const [layerIndex, setLayerIndex] = useState(lab.layers.length - 1);
  const pts = useDeferredValue(lab.points); // the charts redraw at low priority; the controls stay responsive
  const last = pts.at(-1);
  const s = lab.settings;
  const backend = lab.loadedFrom ?? lab.backend?.active ?? '…';
  return (
    <section className="panel viz-view bl" role="region" aria-label="Balance lab">
      <h2>Balance lab</h2>
      <p className="viz-intro bl-explain">
        A mixture-of-experts router sends each token to its top-k experts. Nothing in next-token training stops it from
        favouring the few experts that happened to be chosen early: they get trained more, become more useful and are
        chosen even more, until a handful carry the load and the rest sit idle. DeepSeek-V2 adds small balance losses to
        the training loss: α1·Σ f<sub>i</sub>·P<sub>i</sub> (expert level), the same over groups of experts on one
        device (α2), and over the devices each token is sent to (α3). Here a small model trains in your browser with the
        same code as the command-line training: press <strong>Collapse</strong> and watch a few experts take over the
        heatmap, then <strong>Balanced</strong> and watch the load stay even. Load f = 1 is a fair share; a loss L/α of
        1 means perfectly balanced.
      </p>
      <p className="bl-status" role="status">
        {lab.status === 'starting' && 'Starting the trainer… '}
        {lab.status === 'error' && 'The lab could not start. '}
        {lab.loadedFrom ? (
          <>
            Showing a loaded run: {pts.length} steps on {backend}. Reset to train again.
          </>
        ) : (
          <>
            Backend {backend} · step {last?.step ?? 0}
            {last && ` · ${formatNumber(last.tokensPerSec, 0)} training tokens/s`}
            {lab.playing && ' · training'}
          </>
        )}
      </p>
      {lab.message && (
        <p className="bl-message" role="alert">
          {lab.message}{' '}
          <button type="button" className="viz-button" onClick={() => a.onMessage(null)}>
            Dismiss
          </button>
        </p>
      )}
      {lab.settingsError && (
        <p className="bl-message" role="alert">
          Not applied: {lab.settingsError}
        </p>
      )}
      <LabControls
        settings={s}
        ready={lab.status === 'ready'}
        playing={lab.playing}
        stepping={lab.stepping}
        showingRun={lab.loadedFrom !== null}
        onPlay={a.onPlay}
        onPause={a.onPause}
        onStep={a.onStep}
        onReset={a.onReset}
        onPreset={a.onPreset}
        onChange={a.onChange}
      />
      <dl className="lb-stats bl-stats" aria-label="Latest step">
        <div>
          <dt>LM loss</dt>
          <dd data-testid="lab-lm-loss">{last ? formatNumber(last.lmLoss, 3) : '–'}</dd>
        </div>
        <div>
          <dt>max / mean load</dt>
          <dd>{last ? formatNumber(last.maxLoad) : '–'}</dd>
        </div>
        <div>
          <dt>load entropy</dt>
          <dd>{last ? `${formatNumber(last.entropy)} bits` : '–'}</dd>
        </div>
        <div>
          <dt>dropped</dt>
          <dd>{last ? formatPercent(last.dropShare) : '–'}</dd>
        </div>
        <div>
          <dt>groups per token (max)</dt>
          <dd>{last ? `${last.groupsMax} of ≤ ${s.topkGroup}` : '–'}</dd>
        </div>
      </dl>
      <div className="bl-charts">
        <LabLineChart
          title="LM loss"
          series={[series(pts, 'LM loss', (p) => p.lmLoss)]}
          format={(v) => formatNumber(v, 2)}
          caption="Next-token cross-entropy (nats per token) at each training step"
        />
        <LabLineChart
          title="Balance losses L/α"
          series={[
            series(pts, 'expert', (p) => p.expert),
            series(pts, 'device', (p) => p.device),
            series(pts, 'comm', (p) => p.comm),
          ]}
          format={(v) => formatNumber(v, 2)}
          include={[0]}
          reference={{ value: 1, label: 'balanced' }}
          caption="Each balance loss divided by its α, averaged over the MoE layers (1 = perfectly balanced)"
        />
        <LabLineChart
          title="max / mean load"
          series={[series(pts, 'max/mean', (p) => p.maxLoad)]}
          format={(v) => formatNumber(v, 2)}
          include={[0]}
          reference={{ value: 1, label: 'even' }}
          caption="Load of the busiest expert over the mean load, in the busier MoE layer"
        />
        <LabLineChart
          title="Routing entropy"
          series={[series(pts, 'entropy', (p) => p.entropy)]}
          format={(v) => formatNumber(v, 2)}
          include={[0]}
          reference={lab.experts > 0 ? { value: Math.log2(lab.experts), label: 'even' } : undefined}
          caption="Entropy of the load distribution over the routed experts, bits, mean over MoE layers"
        />
        <LabLineChart
          title="Share dropped"
          series={[series(pts, 'dropped', (p) => p.dropShare)]}
          format={(v) => formatPercent(v)}
          include={[0]}
          caption="Token–expert assignments removed by token dropping, as a share of all assignments"
        />
        <LabLineChart
          title="Training tokens/s"
          series={[series(pts, 'tokens/s', (p) => p.tokensPerSec)]}
          format={(v) => formatNumber(v, 0)}
          include={[0]}
          caption="Training throughput of each step in this page (forward, backward, update and readback)"
        />
      </div>
      <LoadHeatmap
        points={pts}
        layers={lab.layers}
        layerIndex={layerIndex < 0 ? lab.layers.length - 1 : layerIndex}
        onLayer={setLayerIndex}
      />
      <RunFile
        settings={s}
        backend={backend}
        layers={lab.layers}
        points={pts}
        onLoad={a.onLoadRun}
        onError={(m) => a.onMessage(m)}
      />
    </section>
  );
}
