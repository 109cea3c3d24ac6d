/** Starts the model worker, connects it to the store, and loads the shipped model. `?backend=NAME` starts the search there. */
import { BACKEND_ORDER, type BackendName } from '../runtime/backendTypes';
import { applyModelEvents } from '../state/applyEvent';
import { useAppStore } from '../state/store';
import { connectWorker } from '../state/workerLink';
import { startModelWorker, type ModelClient } from '../worker/client';
import { SHIPPED_MODEL } from './shippedModel';

export function backendOrderFromUrl(search: string): BackendName[] {
  const wanted = new URLSearchParams(search).get('backend');
  const i = BACKEND_ORDER.indexOf(wanted as BackendName);
  return i < 0 ? [...BACKEND_ORDER] : BACKEND_ORDER.slice(i);
}

export function startRuntime(): ModelClient {
  const client = startModelWorker(applyModelEvents);
  connectWorker('model', client);
  client.send({ type: 'init', order: backendOrderFromUrl(location.search) });
  useAppStore.getState().loadModel({ kind: 'url', base: new URL(SHIPPED_MODEL, location.href).href });
  return client;
}
