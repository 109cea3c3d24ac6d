/** The UI's handle on the model worker: sends requests, hands every event to one listener. */
import type { BackendName } from '../runtime/backendTypes';
import type { WorkerEvent, WorkerRequest } from './protocol';

export class ModelClient {
  private readonly worker: Worker;

  constructor(onEvent: (e: WorkerEvent) => void) {
    this.worker = new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module', name: 'tinyseek-model' });
    this.worker.onmessage = (m: MessageEvent<WorkerEvent>) => onEvent(m.data);
    this.worker.onerror = (e) => onEvent({ type: 'error', message: e.message || 'the model worker failed to start' });
  }

  private send(req: WorkerRequest): void {
    this.worker.postMessage(req);
  }

  init(order?: BackendName[]): void {
    this.send({ type: 'init', order });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
