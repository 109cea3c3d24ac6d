/**
 * The Balance lab page: starts the lab's own training worker (backend order from `?backend=`, as
 * the app's model worker), connects it to the store's balance-lab slice, and shows the lab view.
 * Lazily loaded from src/app/pages.tsx, so none of it is in the first page load.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../state/store';
import type { LabStepEvent } from '../../train/lab/labEvents';
import { connectLabWorker } from '../../state/balanceLabSlice';
import { BalanceLabView } from '../../viz/balancelab/BalanceLabView';
import { LabClient } from '../../worker/balanceLab/client';
import { SHIPPED_MODEL } from '../shippedModel';
import { backendOrderFromUrl } from '../startRuntime';

const LAB_TEXT = `${import.meta.env.BASE_URL}lab/balance-lab-train.txt`;

export default function BalanceLab() {
  const lab = useAppStore((s) => s.balanceLab);
  useEffect(() => {
    const store = useAppStore.getState();
    // Steps can arrive faster than the charts need to redraw: fold them in at most every 200 ms.
    let pending: LabStepEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const events = pending;
      pending = [];
      useAppStore.getState().labSteps(events);
    };
    const client = new LabClient((e) => {
      if (e.type === 'step') {
        pending.push(e.event);
        timer ??= setTimeout(flush, 200);
        return;
      }
      flush(); // keep the order: the steps before a stop or a reset first
      useAppStore.getState().labEvent(e);
    });
    connectLabWorker((req) => client.send(req));
    client.send({
      type: 'init',
      order: backendOrderFromUrl(location.search),
      sources: { text: new URL(LAB_TEXT, location.href).href, model: new URL(SHIPPED_MODEL, location.href).href },
    });
    store.labStart();
    return () => {
      if (timer) clearTimeout(timer);
      connectLabWorker(null);
      client.terminate();
      useAppStore.setState((s) => ({
        balanceLab: { ...s.balanceLab, playing: false, stepping: false, status: 'idle' },
      }));
    };
  }, []);
  const a = useAppStore.getState();
  return (
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
  );
}
