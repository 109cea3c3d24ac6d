/** Starts the model worker and pipes its events into the store. `?backend=NAME` starts the search there. */
import { BACKEND_ORDER, type BackendName } from '../runtime/backendTypes';
import { useAppStore } from '../state/store';
import { ModelClient } from '../worker/client';

export function backendOrderFromUrl(search: string): BackendName[] {
  const wanted = new URLSearchParams(search).get('backend');
  const i = BACKEND_ORDER.indexOf(wanted as BackendName);
  return i < 0 ? [...BACKEND_ORDER] : BACKEND_ORDER.slice(i);
}

export function startRuntime(): ModelClient {
  const { setBackend, setRuntimeError } = useAppStore.getState();
  const client = new ModelClient((e) => {
    if (e.type === 'backend') setBackend(e.status);
    else setRuntimeError(e.message);
  });
  client.init(backendOrderFromUrl(location.search));
  return client;
}
