/** The UI's handle on the model worker: typed requests out, every event to one listener. */
import type { WorkerEvent, WorkerRequest } from './protocol';

export class ModelClient {
  private readonly worker: Worker;

  constructor(onEvent: (e: WorkerEvent) => void) {
    this.worker = new Worker(new URL('./modelWorker.ts', import.meta.url), { type: 'module', name: 'tinyseek-model' });
    this.worker.onmessage = (m: MessageEvent<WorkerEvent>) => onEvent(m.data);
    this.worker.onerror = (e) =>
      onEvent({ type: 'error', during: 'backend', message: e.message || 'the model worker failed to start' });
  }

  /** Sends a request; buffers in a dropped model are transferred, not copied. */
  send(req: WorkerRequest): void {
    const transfer = req.type === 'load' && req.source.kind === 'files' ? req.source.files.map((f) => f.buffer) : [];
    this.worker.postMessage(req, transfer);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
