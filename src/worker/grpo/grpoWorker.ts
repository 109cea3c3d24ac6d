/// <reference lib="webworker" />
/** The GRPO lab's worker: owns tfjs, the policy and the reference; answers with plain data only. */
// tfjs-core first: its flags (DEBUG, …) must be registered before the gradient modules run, which
// the dev server's pre-bundling otherwise evaluates first
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { GrpoHost } from './grpoHost';
import type { GrpoEvent, GrpoRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new GrpoHost((e: GrpoEvent) => scope.postMessage(e));

scope.onmessage = (msg: MessageEvent<GrpoRequest>) => {
  const req = msg.data;
  switch (req.type) {
    case 'init':
      return host.enqueue('load', () => host.init(req.order, req.base, req.hyper, req.evaluation));
    case 'run':
      return host.enqueue('run', () => host.run(req.steps, req.hyper, req.evaluation));
    case 'pause':
      return host.pause();
    case 'resetReference':
      return host.enqueue('reference', () => host.resetReference());
    case 'restart':
      return host.enqueue('run', () => host.restart(req.hyper));
  }
};
