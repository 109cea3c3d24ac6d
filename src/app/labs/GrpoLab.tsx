/**
 * The GRPO lab page: starts the lab's own worker (backend chosen as the app does, `?backend=`
 * included), loads the shipped model into it, and shows GrpoView fed from the store's GRPO slice.
 * Loaded lazily from src/app/pages.tsx; the worker ends when the page is left.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { applyGrpoEvents } from '../../state/applyEvent';
import { initialGrpoLab } from '../../state/grpoSlice';
import { useAppStore } from '../../state/store';
import { connectWorker } from '../../state/workerLink';
import { S } from '../../strings';
import { GrpoView, type GrpoActions } from '../../viz/grpo/GrpoView';
import { startGrpoWorker, type GrpoClient } from '../../worker/grpo/client';
import { SHIPPED_MODEL } from '../shippedModel';
import { backendOrderFromUrl } from '../startRuntime';
import { ViewBoundary } from '../ViewBoundary';

function startLab(): GrpoClient {
  const client = startGrpoWorker(applyGrpoEvents);
  connectWorker('grpo', client);
  const { hyper, evaluation, steps } = useAppStore.getState().grpo;
  // a new worker starts from the shipped weights: keep only the settings
  useAppStore.setState({
    grpo: { ...initialGrpoLab(), hyper, evaluation, steps, status: 'loading', progress: S.grpo.starting },
  });
  client.send({
    type: 'init',
    order: backendOrderFromUrl(location.search),
    base: new URL(SHIPPED_MODEL, location.href).href,
    hyper,
    evaluation,
  });
  return client;
}

export default function GrpoLab() {
  const lab = useAppStore(useShallow((s) => s.grpo));
  useEffect(() => {
    // start after the app's own model download: two concurrent downloads of the same files can
    // make the offline cache fail one of them, and the second one then comes from the cache
    let client: GrpoClient | null = null;
    let started = false; // set before starting: starting updates the store, which calls this again
    const startWhenIdle = () => {
      if (started || useAppStore.getState().loadState === 'loading') return;
      started = true;
      client = startLab();
    };
    const unsubscribe = useAppStore.subscribe(startWhenIdle);
    startWhenIdle();
    return () => {
      unsubscribe();
      connectWorker('grpo', null);
      client?.terminate();
      useAppStore.setState((s) => ({ grpo: { ...s.grpo, status: 'idle', sampling: [], remaining: 0 } }));
    };
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
    </ViewBoundary>
  );
}
