/**
 * How the model worker's events change the store: a pure reducer, as each lab's slice has, and
 * the request the store makes next. Events of an older session or what-if are dropped.
 */
import type { WorkerEvent } from '../worker/protocol';
import type { ModelSlice } from './modelSlice';
import type { RuntimeSlice } from './runtimeSlice';
import type { SessionSlice } from './sessionSlice';
import type { ViewSlice } from './viewSlice';

/** The part of the store the model worker's events touch. */
export type ModelEventState = Pick<RuntimeSlice, 'backend' | 'runtimeError'> &
  Pick<ModelSlice, 'loadState' | 'loadProgress' | 'model' | 'loadError' | 'loadMs'> &
  Pick<
    SessionSlice,
    'records' | 'selected' | 'busy' | 'playing' | 'sessionId' | 'contextFull' | 'truncated' | 'sessionError'
  > &
  Pick<ViewSlice, 'layer' | 'whatIf' | 'whatIfId'>;

/** Folds one event in; any other fields of `s` pass through. */
export function reduceModelEvent<S extends ModelEventState>(s: S, e: WorkerEvent): S {
  switch (e.type) {
    case 'backend':
      return { ...s, backend: e.status, runtimeError: null };
    case 'loadProgress':
      return { ...s, loadProgress: { phase: e.phase, loaded: e.loaded, total: e.total } };
    case 'loaded':
      return {
        ...s,
        loadState: 'ready',
        model: e.model,
        loadMs: e.ms,
        loadProgress: null,
        loadError: null,
        layer: Math.min(s.layer, e.model.config.num_hidden_layers - 1),
      };
    case 'started':
      if (e.id !== s.sessionId) return s;
      return { ...s, records: e.records, truncated: e.truncated, busy: false, selected: e.records.length - 1 };
    case 'token': {
      if (e.id !== s.sessionId) return s;
      if (!e.record) return { ...s, busy: false, contextFull: true, playing: false };
      const follow = s.selected === s.records.length - 1;
      const records = [...s.records, e.record];
      return { ...s, records, busy: false, selected: follow ? records.length - 1 : s.selected };
    }
    case 'whatIf':
      if (e.id !== s.whatIfId) return s;
      return { ...s, whatIf: { index: e.index, next: e.next } };
    case 'deviceLost':
      return { ...s, runtimeError: null, sessionError: `${e.message}; switching backend and reloading the model…` };
    case 'error':
      switch (e.during) {
        case 'backend':
          return { ...s, runtimeError: e.message };
        case 'load':
          // a failed load leaves any model that was already loaded in place
          return { ...s, loadState: s.model ? 'ready' : 'error', loadError: e.message, loadProgress: null };
        default:
          if (e.id !== undefined && e.id !== s.sessionId && e.id !== s.whatIfId) return s;
          return { ...s, sessionError: e.message, busy: false, playing: false };
      }
  }
}

/**
 * What the store asks the worker for after `e`, judged on the state before it: the session again
 * when a model arrived (a fresh one, or one rebuilt after a lost GPU), the next token when the
 * current session moved on, nothing otherwise.
 */
export function requestAfter(s: Pick<ModelEventState, 'sessionId'>, e: WorkerEvent): 'replay' | 'next' | null {
  if (e.type === 'loaded') return 'replay';
  if (e.type === 'started' && e.id === s.sessionId) return 'next';
  if (e.type === 'token' && e.id === s.sessionId && e.record) return 'next';
  return null;
}
