/** Folds each worker event into the store; events of an older session or what-if are dropped. */
import type { WorkerEvent } from '../worker/protocol';
import { useAppStore } from './store';

export function applyWorkerEvent(e: WorkerEvent): void {
  const store = useAppStore;
  const s = store.getState();
  switch (e.type) {
    case 'backend':
      return s.setBackend(e.status);
    case 'loadProgress':
      return store.setState({ loadProgress: { phase: e.phase, loaded: e.loaded, total: e.total } });
    case 'loaded': {
      const layers = e.model.config.num_hidden_layers;
      store.setState({
        loadState: 'ready',
        model: e.model,
        loadMs: e.ms,
        loadProgress: null,
        loadError: null,
        layer: Math.min(s.layer, layers - 1),
      });
      // a fresh model (or one rebuilt after a lost GPU) replays the prompt to the same token count
      return store.getState().start(Math.max(s.target, s.records.filter((r) => r.source === 'generated').length));
    }
    case 'started':
      if (e.id !== s.sessionId) return;
      store.setState({
        records: e.records,
        truncated: e.truncated,
        busy: false,
        selected: e.records.length - 1,
      });
      return store.getState().pump();
    case 'token': {
      if (e.id !== s.sessionId) return;
      if (!e.record) return store.setState({ busy: false, contextFull: true, playing: false });
      const follow = s.selected === s.records.length - 1;
      const records = [...s.records, e.record];
      store.setState({ records, busy: false, selected: follow ? records.length - 1 : s.selected });
      return store.getState().pump();
    }
    case 'whatIf':
      if (e.id !== s.whatIfId) return;
      return store.setState({ whatIf: { index: e.index, next: e.next } });
    case 'deviceLost':
      return store.setState({
        runtimeError: null,
        sessionError: `${e.message}; switching backend and reloading the model…`,
      });
    case 'error':
      switch (e.during) {
        case 'backend':
          return s.setRuntimeError(e.message);
        case 'load':
          // a failed load leaves any model that was already loaded in place
          return store.setState({ loadState: s.model ? 'ready' : 'error', loadError: e.message, loadProgress: null });
        default:
          if (e.id !== undefined && e.id !== s.sessionId && e.id !== s.whatIfId) return;
          return store.setState({ sessionError: e.message, busy: false, playing: false });
      }
  }
}
