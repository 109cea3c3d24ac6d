/** The typed messages between the UI thread and the model worker. */
import type { BackendName, BackendStatus } from '../runtime/backendTypes';

/** UI → worker. */
export type WorkerRequest = { type: 'init'; order?: BackendName[] };

/** Worker → UI. */
export type WorkerEvent = { type: 'backend'; status: BackendStatus } | { type: 'error'; message: string };
