/**
 * Starts the model worker, connects it to the store, and loads the shipped model. Without
 * `?backend=` the worker picks the fastest backend in a short decode probe; `?backend=NAME` forces
 * NAME (falling back along the order only if it does not work).
 */
import { BACKEND_ORDER, type BackendHow, type BackendName, type BackendStatus } from '../runtime/backendTypes';
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

/** The backend a worker is asked for: the link's, else for the labs the page's own choice, else the fastest. */
export function backendRequest(
  search: string,
  page: BackendStatus | null = null,
): { order: BackendName[]; how: BackendHow } {
  const wanted = new URLSearchParams(search).get('backend');
  if (BACKEND_ORDER.includes(wanted as BackendName)) return { order: backendOrderFromUrl(search), how: 'forced' };
  if (page) return { order: BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(page.active)), how: 'page' };
  return { order: [...BACKEND_ORDER], how: 'fastest' };
}

export function startRuntime(): ModelClient {
  const client = startModelWorker(applyModelEvents);
  connectWorker('model', client);
  client.send({ type: 'init', ...backendRequest(location.search) });
  useAppStore.getState().loadModel({ kind: 'url', base: new URL(SHIPPED_MODEL, location.href).href });
  return client;
}
