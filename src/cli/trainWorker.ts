/** A training worker thread (see trainWorkers.ts): one model replica, driven by messages. */
import * as tf from '@tensorflow/tfjs-core';
import { parentPort } from 'node:worker_threads';
import { selectNodeBackend } from '../runtime/nodeBackend';
import type { BackendName } from '../runtime/backends';
import { lossGradients, nonFinite, proposeUpdate } from '../train/lossGrads';
import { snapshotState } from '../train/resume';
import type { TrainState } from '../train/trainState';
import { createTrainState, evaluate, trainStep, TrainingDivergedError } from '../train/trainStep';
import { registerNodeGradients } from './nodeGradients';
import { JobQueue } from '../worker/jobQueue';
import type { TrainReply, TrainRequest } from './trainWorkers';

let state: TrainState | null = null;

function need(): TrainState {
  if (!state) throw new Error('training worker: not initialised');
  return state;
}

async function handle(req: TrainRequest): Promise<[TrainReply, ArrayBuffer[]]> {
  switch (req.type) {
    case 'init': {
      const backend = (await selectNodeBackend(req.backends as BackendName[])).active;
      await registerNodeGradients();
      state = req.weights
        ? createTrainState(req.config, req.hyper, req.weights)
        : createTrainState(req.config, req.hyper);
      if (req.optimizer) state.optimizer.importState(req.optimizer);
      return [{ type: 'ready', backend }, []];
    }
    case 'step': {
      try {
        return [{ type: 'step', events: await trainStep(need(), req.batch, req.protectedSequences) }, []];
      } catch (e) {
        if (!(e instanceof TrainingDivergedError)) throw e;
        return [{ type: 'diverged', step: e.step, what: e.what, value: e.value, lr: e.lr }, []];
      }
    }
    case 'grads': {
      const s = need();
      const g = lossGradients(s, req.batch, req.protectedSequences);
      const flat = tf.tidy(() => tf.concat(g.grads.map((t) => tf.reshape(t, [-1])))); // [nParams]
      const [terms, grads] = (await Promise.all([g.terms.data(), flat.data()])) as Float32Array[];
      tf.dispose([...g.grads, g.terms, flat]);
      const reply: TrainReply = { type: 'grads', terms, moeLayers: g.moeLayers, dropped: g.dropped, grads };
      return [reply, [grads.buffer as ArrayBuffer]];
    }
    case 'apply': {
      const s = need();
      let offset = 0;
      const grads = s.optimizer.params.map(([, p]) => {
        const t = tf.tensor(req.grads.subarray(offset, offset + p.size), p.shape, 'float32');
        offset += p.size;
        return t;
      });
      const { proposal, check } = proposeUpdate(s, grads, req.lr);
      const [gradNorm, weightSum] = (await check.data()) as Float32Array;
      tf.dispose([...grads, check]);
      const applied = nonFinite(0, gradNorm, weightSum) === null;
      if (applied) s.optimizer.commit(proposal);
      else s.optimizer.discard(proposal);
      return [{ type: 'applied', gradNorm, weightSum, applied }, []];
    }
    case 'eval': {
      const s = need();
      const mean = await evaluate(s, req.batches);
      return [{ type: 'eval', sum: req.batches.length ? mean * req.batches.length : 0 }, []];
    }
    case 'snapshot':
      return [{ type: 'snapshot', snapshot: await snapshotState(need()) }, []];
  }
}

const port = parentPort;
if (!port) throw new Error('trainWorker.ts runs only as a worker thread');
const jobs = new JobQueue<TrainRequest['type']>((e) => port.postMessage(e));
port.on('message', (req: TrainRequest) =>
  jobs.enqueue(req.type, async () => {
    const [reply, transfer] = await handle(req);
    port.postMessage(reply, transfer);
  }),
);
