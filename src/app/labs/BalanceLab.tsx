/**
 * The Balance lab page: on its first visit starts the lab's own training worker (the backend
 * `?backend=` forces, else the one the page chose: startRuntime.ts backendRequest) and connects it to the store's balance-lab slice;
 * the worker and its run outlive the page (src/app/labs/labWorkers.ts). Shows the lab view, and
 * asks before an action throws a run away. Lazily loaded from src/app/pages.tsx.
 */
import { useEffect } from 'react';
import { applyLabEvents } from '../../state/applyEvent';
import { setDiscardQuestion } from '../../state/discardGuard';
import { useAppStore } from '../../state/store';
import { connectWorker } from '../../state/workerLink';
import { BalanceLabView } from '../../viz/balancelab/BalanceLabView';
import { S } from '../../strings';
import { startLabWorker } from '../../worker/balanceLab/client';
import type { LabEvent } from '../../worker/balanceLab/protocol';
import { SHIPPED_MODEL } from '../shippedModel';
import { backendRequest } from '../startRuntime';
import { ViewBoundary } from '../ViewBoundary';
import { deliverSavedModel } from './deliverSavedModel';
import { startLabOnce } from './labWorkers';
import { balanceRun } from './savedModel';
import { balanceBlocked, SaveModelBar } from './SaveModelBar';

const LAB_TEXT = `${import.meta.env.BASE_URL}lab/balance-lab-train.txt`;

/** Folds the events in, then saves or opens an exported model. */
function onLabEvents(events: LabEvent[]): void {
  applyLabEvents(events);
  for (const e of events) {
    if (e.type !== 'exported') continue;
    const a = useAppStore.getState();
    deliverSavedModel(e, balanceRun(a.balanceLab, e.step), a.labSetMessage);
  }
}

function startLab() {
  const client = startLabWorker(onLabEvents);
  connectWorker('balanceLab', client);
  client.send({
    type: 'init',
    ...backendRequest(location.search, useAppStore.getState().backend),
    sources: { text: new URL(LAB_TEXT, location.href).href, model: new URL(SHIPPED_MODEL, location.href).href },
  });
  setDiscardQuestion('balanceLab', (steps) => window.confirm(S.balanceLab.confirmDiscard(steps)));
  useAppStore.getState().labStart();
}

export default function BalanceLab() {
  const lab = useAppStore((s) => s.balanceLab);
  useEffect(() => {
    startLabOnce('balanceLab', startLab);
  }, []);
  const a = useAppStore.getState();
  return (
    <ViewBoundary name={S.balanceLab.title}>
      <BalanceLabView
        lab={lab}
        onPlay={() => a.labPlay()}
        onPause={a.labPause}
        onStep={a.labStep}
        onReset={a.labReset}
        onPreset={a.labApplyPreset}
        onChange={a.labSetSettings}
        onLoadRun={a.labShowRun}
        onMessage={a.labSetMessage}
        onClearOverlays={a.labClearOverlays}
      />
      <SaveModelBar blocked={balanceBlocked(lab)} exporting={lab.exporting} onExport={a.labExport} />
    </ViewBoundary>
  );
}
