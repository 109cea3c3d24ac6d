/// <reference lib="webworker" />
/** The Balance lab's training worker: owns tfjs, the trainer and its data; posts plain events. */
import '@tensorflow/tfjs-core'; // tfjs-core (its flags) before the gradients, which read them on load
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { LabHost } from './labHost';
import type { LabEvent, LabRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new LabHost((e: LabEvent) => scope.postMessage(e));

scope.onmessage = (msg: MessageEvent<LabRequest>) => {
  const req = msg.data;
  switch (req.type) {
    case 'init':
      return host.enqueue(() => host.init(req.order, req.sources));
    case 'reset':
      return host.enqueue(() => host.reset(req.settings));
    case 'update':
      return host.enqueue(() => host.update(req.settings));
    case 'step':
      return host.enqueue(() => host.step());
    case 'play':
      return host.enqueue(() => host.play(req.until));
    case 'pause':
      return host.pause(); // at once: the play loop checks it before its next step
  }
};
