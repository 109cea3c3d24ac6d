/**
 * The Balance lab page: starts the lab's own training worker (backend order from `?backend=`, as
 * the app's model worker), connects it to the store's balance-lab slice, and shows the lab view.
 * Lazily loaded from src/app/pages.tsx, so none of it is in the first page load.
 */
import { useEffect } from 'react';
import { applyLabEvents } from '../../state/applyEvent';
import { useAppStore } from '../../state/store';
import { connectWorker } from '../../state/workerLink';
import { BalanceLabView } from '../../viz/balancelab/BalanceLabView';
import { startLabWorker } from '../../worker/balanceLab/client';
import { SHIPPED_MODEL } from '../shippedModel';
import { backendOrderFromUrl } from '../startRuntime';
import { ViewBoundary } from '../ViewBoundary';
import { S } from '../../strings';

const LAB_TEXT = `${import.meta.env.BASE_URL}lab/balance-lab-train.txt`;

export default function BalanceLab() {
  const lab = useAppStore((s) => s.balanceLab);
  useEffect(() => {
    const store = useAppStore.getState();
    const client = startLabWorker(applyLabEvents);
    connectWorker('balanceLab', client);
    client.send({
      type: 'init',
      order: backendOrderFromUrl(location.search),
      sources: { text: new URL(LAB_TEXT, location.href).href, model: new URL(SHIPPED_MODEL, location.href).href },
    });
    store.labStart();
    return () => {
      connectWorker('balanceLab', null);
      client.terminate();
      useAppStore.setState((s) => ({
        balanceLab: { ...s.balanceLab, playing: false, stepping: false, status: 'idle' },
      }));
    };
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
      />
    </ViewBoundary>
  );
}
