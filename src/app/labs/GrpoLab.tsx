/**
 * The GRPO lab page: starts the lab's own worker (the backend `?backend=` forces, else the one
 * the page chose: startRuntime.ts backendRequest), loads the shipped model into it, and shows GrpoView fed from the store's GRPO slice.
 * Loaded lazily from src/app/pages.tsx. The worker starts on the first visit and outlives the
 * page (src/app/labs/labWorkers.ts), so a run goes on while another page is shown.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { applyGrpoEvents } from '../../state/applyEvent';
import { setDiscardQuestion } from '../../state/discardGuard';
import { initialGrpoLab } from '../../state/grpoSlice';
import { useAppStore } from '../../state/store';
import { connectWorker } from '../../state/workerLink';
import { S } from '../../strings';
import { GrpoView, type GrpoActions } from '../../viz/grpo/GrpoView';
import { startGrpoWorker } from '../../worker/grpo/client';
import type { GrpoEvent } from '../../worker/grpo/protocol';
import { SHIPPED_MODEL } from '../shippedModel';
import { backendRequest } from '../startRuntime';
import { ViewBoundary } from '../ViewBoundary';
import { deliverSavedModel } from './deliverSavedModel';
import { labStarted, startLabOnce } from './labWorkers';
import { grpoRun } from './savedModel';
import { grpoBlocked, SaveModelBar } from './SaveModelBar';

/** Folds the events in, then saves or opens an exported policy. */
function onGrpoEvents(events: GrpoEvent[]): void {
  applyGrpoEvents(events);
  for (const e of events) {
    if (e.type !== 'exported') continue;
    deliverSavedModel(e, grpoRun(useAppStore.getState().grpo, e.step), (error) =>
      useAppStore.setState((s) => ({ grpo: { ...s.grpo, error } })),
    );
  }
}

function startLab(): void {
  const client = startGrpoWorker(onGrpoEvents);
  connectWorker('grpo', client);
  const { hyper, evaluation, steps } = useAppStore.getState().grpo;
  // a new worker starts from the shipped weights: keep only the settings
  useAppStore.setState({
    grpo: { ...initialGrpoLab(), hyper, evaluation, steps, status: 'loading', progress: S.grpo.starting },
  });
  client.send({
    type: 'init',
    ...backendRequest(location.search, useAppStore.getState().backend),
    base: new URL(SHIPPED_MODEL, location.href).href,
    hyper,
    evaluation,
  });
  setDiscardQuestion('grpo', (steps) => window.confirm(S.grpo.confirmRestart(steps)));
}

export default function GrpoLab() {
  const lab = useAppStore(useShallow((s) => s.grpo));
  useEffect(() => {
    // start after the app's own model download: two concurrent downloads of the same files can
    // make the offline cache fail one of them, and the second one then comes from the cache
    // (startLabOnce marks the lab before starting: starting updates the store, which calls this again)
    const startWhenIdle = () => {
      if (labStarted('grpo') || useAppStore.getState().loadState === 'loading') return;
      startLabOnce('grpo', startLab);
    };
    const unsubscribe = useAppStore.subscribe(startWhenIdle);
    startWhenIdle();
    return unsubscribe;
  }, []);
  const a = useAppStore.getState();
  const actions: GrpoActions = {
    onHyper: a.grpoSetHyper,
    onEvaluation: a.grpoSetEvaluation,
    onSteps: a.grpoSetSteps,
    onRun: () => a.grpoRun(),
    onStep: () => a.grpoRun(1),
    onPause: a.grpoPause,
    onResetReference: a.grpoResetReference,
    onRestart: a.grpoRestart,
    onSelect: a.grpoSelect,
  };
  return (
    <ViewBoundary name={S.grpo.title}>
      <GrpoView lab={lab} actions={actions} />
      <SaveModelBar blocked={grpoBlocked(lab)} exporting={lab.exporting} onExport={a.grpoExport} />
    </ViewBoundary>
  );
}
