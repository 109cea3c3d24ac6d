/**
 * The Balance lab: a small DeepSeekMoE model trains in a worker while these charts follow its
 * routing. Presentational: the page (src/app/labs/BalanceLab.tsx) or a story passes the state.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import type { BalanceLabState } from '../../state/balanceLabSlice';
import { comparableOverlays } from '../../state/labOverlays';
import type { LabPoint, LabRunFile } from '../../train/lab/labRun';
import { S } from '../../strings';
import { formatNumber, formatPercent } from '../common/format';
import { LabControls, type LabControlsProps } from './LabControls';
import { LabLineChart } from './LabLineChart';
import { LoadHeatmap } from './LoadHeatmap';
import { RunFile } from './RunFile';
import './balancelab.css';

/** The controls' actions, and the run file's. */
export interface BalanceLabActions extends Pick<
  LabControlsProps,
  'onPlay' | 'onPause' | 'onStep' | 'onReset' | 'onPreset' | 'onChange'
> {
  onLoadRun: (run: LabRunFile) => void;
  onMessage: (message: string | null) => void;
  /** removes the earlier preset runs from the charts (absent: no button). */
  onClearOverlays?: () => void;
}

export interface BalanceLabViewProps extends BalanceLabActions {
  /** the lab's state from the store (or a recorded run). */
  lab: BalanceLabState;
}

const L = S.balanceLab;
const CH = L.charts;

const series = (points: LabPoint[], name: string, pick: (p: LabPoint) => number) => ({
  name,
  points: points.map((p) => [p.step, pick(p)] as [number, number]),
});

/** One line per routed expert of MoE layer `index`: its bias over the steps (V3 mode); none without biases. */
function biasSeries(points: LabPoint[], index: number) {
  const first = points.find((p) => p.bias)?.bias?.[index];
  if (!first) return [];
  return first.map((_, e) => ({
    name: CH.biasSeries(e),
    points: points.flatMap((p) => (p.bias ? [[p.step, p.bias[index][e]] as [number, number]] : [])),
  }));
}

export function BalanceLabView({ lab, ...a }: BalanceLabViewProps) {
  const [layerIndex, setLayerIndex] = useState(lab.layers.length - 1);
  const pts = useDeferredValue(lab.points); // the charts redraw at low priority; the controls stay responsive
  const last = pts.at(-1);
  // the curves, built once per change of the points (a loaded run can have 200,000 of them)
  const overlays = useMemo(() => comparableOverlays(lab.overlays, lab.settings), [lab.overlays, lab.settings]);
  /** The earlier preset runs' curve of one quantity, after the current run's. */
  const earlier = useMemo(
    () => (pick: (p: LabPoint) => number) =>
      overlays.map((o) => series(o.points, CH.overlay(L.presets[o.preset]), pick)),
    [overlays],
  );
  const curves = useMemo(
    () => ({
      lmLoss: [series(pts, CH.lmLoss, (p) => p.lmLoss), ...earlier((p) => p.lmLoss)],
      losses: [
        series(pts, CH.expert, (p) => p.expert),
        series(pts, CH.device, (p) => p.device),
        series(pts, CH.comm, (p) => p.comm),
      ],
      maxLoad: [series(pts, CH.maxMean, (p) => p.maxLoad), ...earlier((p) => p.maxLoad)],
      entropy: [series(pts, CH.entropySeries, (p) => p.entropy), ...earlier((p) => p.entropy)],
      dropped: [series(pts, CH.droppedSeries, (p) => p.dropShare)],
      tps: [series(pts, CH.tpsSeries, (p) => p.tokensPerSec)],
    }),
    [pts, earlier],
  );
  const shownLayer = layerIndex < 0 ? lab.layers.length - 1 : layerIndex;
  const biasCurves = useMemo(() => biasSeries(pts, shownLayer), [pts, shownLayer]);
  const s = lab.settings;
  const backend = lab.loadedFrom ?? lab.backend?.active ?? '…';
  return (
    <section className="panel viz-view bl" role="region" aria-label={L.title}>
      <h2>{L.title}</h2>
      <p className="viz-intro bl-explain">
        {L.intro.a}
        <sub>i</sub>·P<sub>i</sub>
        {L.intro.b} <strong>{L.intro.collapse}</strong> {L.intro.c} <strong>{L.intro.balanced}</strong> {L.intro.d}{' '}
        <strong>{L.intro.v3}</strong> {L.intro.e}
      </p>
      <p className="bl-status" role="status">
        {lab.status === 'starting' && L.starting}
        {lab.status === 'error' && L.error}
        {lab.loadedFrom ? (
          <>{L.loaded(pts.length, backend)}</>
        ) : (
          <>
            {L.backendStep(backend, last?.step ?? 0)}
            {last && L.tokensPerSec(formatNumber(last.tokensPerSec, 0))}
            {lab.playing && L.training}
          </>
        )}
      </p>
      {lab.message && (
        <p className="bl-message" role="alert">
          {lab.message}{' '}
          <button type="button" className="viz-button" onClick={() => a.onMessage(null)}>
            {L.dismiss}
          </button>
        </p>
      )}
      {lab.settingsError && (
        <p className="bl-message" role="alert">
          {L.notApplied(lab.settingsError)}
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
      <dl className="lb-stats bl-stats" aria-label={L.latest}>
        <div>
          <dt>{L.stats.lmLoss}</dt>
          <dd data-testid="lab-lm-loss">{last ? formatNumber(last.lmLoss, 3) : '–'}</dd>
        </div>
        <div>
          <dt>{L.stats.maxLoad}</dt>
          <dd>{last ? formatNumber(last.maxLoad) : '–'}</dd>
        </div>
        <div>
          <dt>{L.stats.entropy}</dt>
          <dd>{last ? L.stats.bits(formatNumber(last.entropy)) : '–'}</dd>
        </div>
        <div>
          <dt>{L.stats.dropped}</dt>
          <dd>{last ? formatPercent(last.dropShare) : '–'}</dd>
        </div>
        <div>
          <dt>{L.stats.groups}</dt>
          <dd>{last ? L.stats.groupsOf(last.groupsMax, s.topkGroup) : '–'}</dd>
        </div>
      </dl>
      {overlays.length > 0 && (
        <p className="bl-overlays">
          {L.overlaysShown(overlays.map((o) => L.presets[o.preset]).join(', '))}{' '}
          {a.onClearOverlays && (
            <button type="button" className="viz-button" onClick={a.onClearOverlays}>
              {L.clearOverlays}
            </button>
          )}
        </p>
      )}
      <div className="bl-charts">
        <LabLineChart
          title={CH.lmLoss}
          series={curves.lmLoss}
          format={(v) => formatNumber(v, 2)}
          caption={CH.lmLossCaption}
        />
        <LabLineChart
          title={CH.losses}
          series={curves.losses}
          format={(v) => formatNumber(v, 2)}
          include={[0]}
          reference={{ value: 1, label: CH.balancedRef }}
          caption={CH.lossesCaption}
        />
        <LabLineChart
          title={CH.maxLoad}
          series={curves.maxLoad}
          format={(v) => formatNumber(v, 2)}
          include={[0]}
          reference={{ value: 1, label: CH.evenRef }}
          caption={CH.maxLoadCaption}
        />
        <LabLineChart
          title={CH.entropy}
          series={curves.entropy}
          format={(v) => formatNumber(v, 2)}
          include={[0]}
          reference={lab.experts > 0 ? { value: Math.log2(lab.experts), label: CH.evenRef } : undefined}
          caption={CH.entropyCaption}
        />
        <LabLineChart
          title={CH.dropped}
          series={curves.dropped}
          format={(v) => formatPercent(v)}
          include={[0]}
          caption={CH.droppedCaption}
        />
        {biasCurves.length > 0 && (
          <LabLineChart
            title={CH.bias}
            series={biasCurves}
            format={(v) => formatNumber(v, 2)}
            include={[0]}
            caption={CH.biasCaption(lab.layers[shownLayer] ?? '')}
          />
        )}
        <LabLineChart
          title={CH.tps}
          series={curves.tps}
          format={(v) => formatNumber(v, 0)}
          include={[0]}
          caption={CH.tpsCaption}
        />
      </div>
      <LoadHeatmap points={pts} layers={lab.layers} layerIndex={shownLayer} onLayer={setLayerIndex} />
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
