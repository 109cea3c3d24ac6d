import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedSession } from '../../../src/session/recordedSession';
import { applyModelEvents } from '../../../src/state/applyEvent';
import { endedText } from '../../../src/state/sessionSlice';
import { useAppStore } from '../../../src/state/store';
import { connectWorker } from '../../../src/state/workerLink';
import type { WorkerRequest } from '../../../src/worker/protocol';

const recorded = JSON.parse(readFileSync('stories/fixtures/session-story.json', 'utf8')) as RecordedSession;
const prompt = recorded.records.filter((r) => r.source === 'prompt');
const generated = recorded.records.filter((r) => r.source === 'generated');
const initial = useAppStore.getState();
let sent: WorkerRequest[] = [];

/** Answers every `next` request with the recorded tokens, as the worker would; the `endAt`-th (0-based) is made the end-of-text token. */
function answerNext(endAt = -1): void {
  const req = sent.shift();
  if (req?.type !== 'next') throw new Error(`expected a next request, got ${req?.type}`);
  const made = useAppStore.getState().records.filter((r) => r.source === 'generated').length;
  const record = generated[made] && made === endAt ? { ...generated[made], endOfText: true as const } : generated[made];
  applyModelEvents([{ type: 'token', id: req.id, record: record ?? null }]);
}

function startSession(generate = 0): number {
  useAppStore.getState().start(generate);
  const req = sent.shift();
  if (req?.type !== 'start') throw new Error('expected a start request');
  applyModelEvents([{ type: 'started', id: req.id, records: prompt, truncated: 0 }]);
  return req.id;
}

beforeEach(() => {
  useAppStore.setState(initial, true);
  sent = [];
  connectWorker('model', { send: (r) => sent.push(r) });
});

describe('session stepping in the store', () => {
  it('selects the last prompt token after a run, and → at the end asks for exactly one token', () => {
    startSession();
    expect(useAppStore.getState().selected).toBe(prompt.length - 1);
    expect(sent).toEqual([]);
    useAppStore.getState().stepForward();
    expect(sent.map((r) => r.type)).toEqual(['next']);
    answerNext();
    expect(useAppStore.getState().selected).toBe(prompt.length);
    expect(sent).toEqual([]);
  });

  it('← and → move the selection inside the tokens without asking the worker', () => {
    startSession();
    const s = useAppStore.getState();
    s.stepBack();
    s.stepBack();
    expect(useAppStore.getState().selected).toBe(prompt.length - 3);
    useAppStore.getState().stepForward();
    expect(useAppStore.getState().selected).toBe(prompt.length - 2);
    expect(sent).toEqual([]);
  });

  it('play keeps one request in flight until pause', () => {
    startSession();
    useAppStore.getState().play();
    for (let i = 0; i < 3; i++) {
      expect(sent).toHaveLength(1);
      answerNext();
    }
    useAppStore.getState().pause();
    answerNext();
    expect(sent).toEqual([]);
    expect(useAppStore.getState().records).toHaveLength(prompt.length + 4);
  });

  it('a restored link generates its tokens without play, and stops when the context is full', () => {
    startSession(generated.length + 2);
    for (let i = 0; i < generated.length; i++) answerNext();
    answerNext(); // the worker says the context is full
    expect(useAppStore.getState().contextFull).toBe(true);
    expect(useAppStore.getState().records).toHaveLength(recorded.records.length);
    expect(sent).toEqual([]);
  });

  it('drops the events of an older session', () => {
    const old = startSession();
    const current = startSession();
    applyModelEvents([{ type: 'token', id: old, record: generated[0] }]);
    expect(useAppStore.getState().records).toHaveLength(prompt.length);
    expect(current).not.toBe(old);
  });

  it('a failed load keeps the model already in use', () => {
    applyModelEvents([
      {
        type: 'loaded',
        model: { name: 'tinyseek', config: recorded.config, untrained: false, vocabSize: 1536 },
        ms: 1,
      },
    ]);
    sent = [];
    applyModelEvents([{ type: 'error', during: 'load', message: 'dropped files: missing config.json' }]);
    const s = useAppStore.getState();
    expect(s.loadState).toBe('ready');
    expect(s.model?.name).toBe('tinyseek');
    expect(s.loadError).toMatch(/missing config\.json/);
  });

  it('play stops after the end-of-text token, and → at the end then asks for nothing', () => {
    startSession();
    useAppStore.getState().play();
    answerNext(1);
    answerNext(1); // the second generated token ends the text
    const s = useAppStore.getState();
    expect(s.playing).toBe(false);
    expect(s.records.at(-1)?.endOfText).toBe(true);
    expect(endedText(s)).toBe(true);
    expect(sent).toEqual([]);
    s.stepForward();
    s.play();
    expect(sent).toEqual([]);
    expect(useAppStore.getState().playing).toBe(false);
    expect(useAppStore.getState().records).toHaveLength(prompt.length + 2);
  });

  it('a restored link stops at the end of text too, and lowers its target to the tokens it has', () => {
    startSession(5);
    answerNext(2);
    answerNext(2);
    answerNext(2);
    expect(sent).toEqual([]);
    expect(useAppStore.getState().target).toBe(3);
  });

  it('"Continue past end of text" goes on after it', () => {
    useAppStore.getState().setPastEnd(true);
    startSession();
    useAppStore.getState().play();
    answerNext(0);
    expect(endedText(useAppStore.getState())).toBe(false);
    expect(sent.map((r) => r.type)).toEqual(['next']);
    answerNext(0);
    useAppStore.getState().pause();
    answerNext(0);
    expect(useAppStore.getState().records).toHaveLength(prompt.length + 3);
  });

  it('ticking "Continue past end of text" after a stop lets → generate again', () => {
    startSession();
    useAppStore.getState().stepForward();
    answerNext(0);
    useAppStore.getState().stepForward();
    expect(sent).toEqual([]);
    useAppStore.getState().setPastEnd(true);
    useAppStore.getState().stepForward();
    expect(sent.map((r) => r.type)).toEqual(['next']);
  });
});
