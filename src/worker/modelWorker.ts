/// <reference lib="webworker" />
/** The model worker: owns tfjs and the model; answers the UI with plain data only. */
import { ModelHost } from './modelHost';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { serve } from './serve';

serve<WorkerRequest, WorkerEvent>((post) => new ModelHost(post));
