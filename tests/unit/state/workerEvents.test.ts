/**
 * Every worker's events fold into the store through a pure reducer: here the parts the lost-GPU
 * recovery added (deviceLost, restored) and the model events' follow-up requests, and the one
 * typed line per worker.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LAB_INITIAL, reduceLabEvent, type BalanceLabState } from '../../../src/state/balanceLabSlice';
import { initialGrpoLab, reduceGrpoEvent, type GrpoLab } from '../../../src/state/grpoSlice';
import { reduceModelEvent, requestAfter, type ModelEventState } from '../../../src/state/modelEvents';
import { useAppStore } from '../../../src/state/store';
import { connectWorker, sendTo } from '../../../src/state/workerLink';
import type { RecordedSession } from '../../../src/session/recordedSession';
import type { LabPoint } from '../../../src/train/lab/labRun';
import type { WorkerEvent } from '../../../src/worker/protocol';

/** A chart point of step `step` (the values do not matter here). */
const point = (step: number): LabPoint => ({
  step,
  lmLoss: 7,
  expert: 1,
  device: 1,
  comm: 1,
  maxLoad: 1,
  entropy: 3,
  dropShare: 0,
  groupsMax: 2,
  tokensPerSec: 100,
  f: [[1, 1]],
});

describe('reduceLabEvent after a lost device', () => {
  it('says so, then drops the points after the checkpoint the run goes on from', () => {
    let l: BalanceLabState = { ...LAB_INITIAL, status: 'ready', playing: true, points: [1, 2, 3, 4, 5].map(point) };
    l = reduceLabEvent(l, { type: 'deviceLost', message: 'the GPU device was lost (gone)' });
    expect(l.message).toBe('the GPU device was lost (gone); switching backend…');
    l = reduceLabEvent(l, { type: 'restored', step: 3 });
    expect(l.points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(l.playing).toBe(true); // the worker plays on
    expect(l.message).toMatch(/goes on from step 3/);
  });

  it('leaves a run loaded from a file alone', () => {
    const l: BalanceLabState = { ...LAB_INITIAL, loadedFrom: 'webgpu', points: [1, 2].map(point) };
    expect(reduceLabEvent(l, { type: 'restored', step: 0 })).toBe(l);
  });
});

describe('reduceGrpoEvent after a lost device', () => {
  it('keeps the curves, evaluations and resets up to the checkpoint, and is ready to run', () => {
    let l: GrpoLab = initialGrpoLab();
    l = {
      ...l,
      status: 'ready',
      history: [1, 2, 3].map((step) => ({ step, meanReward: 0, loss: 0, kl: 0, skipped: 0 })),
      evals: [0, 3].map((step) => ({ step, heldOut: { accuracy: 0, correct: 0, n: 1 }, load: [] })),
      resets: [1, 3],
    };
    l = reduceGrpoEvent(l, { type: 'deviceLost', message: 'the GPU device was lost (gone)' });
    expect(l.error).toMatch(/lost \(gone\); switching backend/);
    l = reduceGrpoEvent(l, { type: 'restored', step: 1 });
    expect(l.history.map((p) => p.step)).toEqual([1]);
    expect(l.evals.map((e) => e.step)).toEqual([0]);
    expect(l.resets).toEqual([1]);
    expect(l.status).toBe('ready');
  });
});

describe('reduceModelEvent and the request after it', () => {
  const recorded = JSON.parse(readFileSync('stories/fixtures/session-story.json', 'utf8')) as RecordedSession;
  const base = (): ModelEventState => {
    const s = useAppStore.getState();
    return { ...s, sessionId: 5, busy: true, records: recorded.records.slice(0, 3), selected: 2 };
  };

  it('takes the current session’s token and asks for the next; drops a stale one', () => {
    const s = base();
    const token: WorkerEvent = { type: 'token', id: 5, record: recorded.records[3] };
    const after = reduceModelEvent(s, token);
    expect(after.records).toHaveLength(4);
    expect(after.selected).toBe(3);
    expect(after.busy).toBe(false);
    expect(requestAfter(s, token)).toBe('next');
    const stale: WorkerEvent = { type: 'token', id: 4, record: recorded.records[3] };
    expect(reduceModelEvent(s, stale)).toBe(s);
    expect(requestAfter(s, stale)).toBeNull();
    expect(requestAfter(s, { type: 'token', id: 5, record: null })).toBeNull(); // the context is full
  });

  it('a lost device is a session message; the model it rebuilds replays the session', () => {
    const s = base();
    const lost = reduceModelEvent(s, { type: 'deviceLost', message: 'the GPU device was lost (gone)' });
    expect(lost.sessionError).toBe('the GPU device was lost (gone); switching backend and reloading the model…');
    const model = { name: 'tinyseek', config: recorded.config, untrained: false, vocabSize: 1536 };
    expect(requestAfter(s, { type: 'loaded', model, ms: 1 })).toBe('replay');
  });
});

describe('the store’s worker lines', () => {
  afterEach(() => {
    connectWorker('model', null);
    connectWorker('grpo', null);
  });

  it('send each request to its own worker, and nowhere once disconnected', () => {
    const model: unknown[] = [];
    const grpo: unknown[] = [];
    connectWorker('model', { send: (r) => model.push(r) });
    connectWorker('grpo', { send: (r) => grpo.push(r) });
    useAppStore.getState().loadModel({ kind: 'url', base: 'http://x/' });
    useAppStore.getState().grpoPause();
    expect(model).toEqual([{ type: 'load', source: { kind: 'url', base: 'http://x/' } }]);
    expect(grpo).toEqual([{ type: 'pause' }]);
    connectWorker('grpo', null);
    sendTo('grpo', { type: 'pause' });
    expect(grpo).toHaveLength(1);
  });
});
