/**
 * Where every worker's events enter the store: each worker's slice folds them in with its pure
 * reducer, one store update per delivery (the Balance lab's client delivers a burst of steps at
 * once). The model's events may also ask the worker for what comes next.
 */
import type { LabEvent } from '../worker/balanceLab/protocol';
import type { GrpoEvent } from '../worker/grpo/protocol';
import type { WorkerEvent } from '../worker/protocol';
import { reduceLabEvent } from './balanceLabSlice';
import { reduceGrpoEvent } from './grpoSlice';
import { reduceModelEvent, requestAfter } from './modelEvents';
import { generatedCount } from './sessionSlice';
import { useAppStore } from './store';

export function applyModelEvents(events: WorkerEvent[]): void {
  for (const e of events) {
    const before = useAppStore.getState();
    useAppStore.setState(reduceModelEvent(before, e));
    const next = requestAfter(before, e);
    // a model replays the prompt to as many tokens as were asked for or made
    if (next === 'replay') useAppStore.getState().start(Math.max(before.target, generatedCount(before.records)));
    if (next === 'next') useAppStore.getState().pump();
  }
}

export function applyLabEvents(events: LabEvent[]): void {
  useAppStore.setState((s) => ({ balanceLab: events.reduce(reduceLabEvent, s.balanceLab) }));
}

export function applyGrpoEvents(events: GrpoEvent[]): void {
  useAppStore.setState((s) => ({ grpo: events.reduce(reduceGrpoEvent, s.grpo) }));
}
