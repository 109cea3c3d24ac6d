/** The lab's handle on the GRPO worker: typed requests out, every event to one listener. */
import type { GrpoEvent, GrpoRequest } from './protocol';

export class GrpoClient {
  private readonly worker: Worker;

  constructor(onEvent: (e: GrpoEvent) => void) {
    this.worker = new Worker(new URL('./grpoWorker.ts', import.meta.url), { type: 'module', name: 'tinyseek-grpo' });
    this.worker.onmessage = (m: MessageEvent<GrpoEvent>) => onEvent(m.data);
    this.worker.onerror = (e) =>
      onEvent({ type: 'error', during: 'backend', message: e.message || 'the GRPO worker failed to start' });
  }

  send(req: GrpoRequest): void {
    this.worker.postMessage(req);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
