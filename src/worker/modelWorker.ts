/// <reference lib="webworker" />
/** The model worker: owns tfjs and the model; answers the UI with plain data only. */
import { ModelHost } from './modelHost';
import type { WorkerEvent, WorkerRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new ModelHost((e: WorkerEvent) => scope.postMessage(e));

scope.onmessage = (msg: MessageEvent<WorkerRequest>) => {
  const req = msg.data;
  switch (req.type) {
    case 'init':
      return host.enqueue('backend', undefined, () => host.init(req.order));
    case 'load':
      return host.enqueue('load', undefined, () => host.load(req.source));
    case 'start':
      return host.enqueue('start', req.id, () => host.start(req.id, req.session));
    case 'next':
      return host.enqueue('next', req.id, () => host.next(req.id));
    case 'whatIf':
      return host.enqueue('whatIf', req.id, () => host.whatIf(req.id, req.index, req.interventions));
  }
};
