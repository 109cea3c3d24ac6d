/** The UI's handle on the lab worker: typed requests out, every event to one listener. */
import type { LabEvent, LabRequest } from './protocol';

export class LabClient {
  private readonly worker: Worker;

  constructor(onEvent: (e: LabEvent) => void) {
    this.worker = new Worker(new URL('./labWorker.ts', import.meta.url), {
      type: 'module',
      name: 'tinyseek-balance-lab',
    });
    this.worker.onmessage = (m: MessageEvent<LabEvent>) => onEvent(m.data);
    this.worker.onerror = (e) => onEvent({ type: 'error', message: e.message || 'the lab worker failed to start' });
  }

  send(req: LabRequest): void {
    this.worker.postMessage(req);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
