/**
 * One training run in Node: validate every input before writing anything, then step, log,
 * evaluate and checkpoint until the step budget, the time budget or an interrupt, and export.
 * A run that fails (bad input, divergence) never writes a checkpoint.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../model/rng';
import { selectNodeBackend } from '../runtime/nodeBackend';
import { encodeCheckpoint, type Checkpoint } from '../train/checkpoint';
import { TokenStream, evalBatches, type Batch } from '../train/data';
import { restoreTrainState } from '../train/resume';
import { firstDifference, type TrainRunConfig } from '../train/trainConfig';
import { SEED_OFFSETS, TrainingDivergedError, createTrainState, type StepEvents } from '../train/trainStep';
import { registerNodeGradients } from './nodeGradients';
import {
  TrainInputError,
  appendLog,
  exportModel,
  readCheckpoint,
  readCorpus,
  readRunConfig,
  readTokenizer,
  writeAtomic,
} from './trainFiles';
import { LocalTrainer, type Trainer } from './trainers';
import { ProgressBar, Throughput, type ProgressWriter } from './trainProgress';
import { WorkerTrainer } from './trainWorkers';

export const DEFAULT_CONFIG = 'scripts/train-tinyseek.json';
export const DEFAULT_OUT = '.checkpoints/tinyseek';
export const CHECKPOINT_FILE = 'checkpoint.safetensors';
export const LOG_FILE = 'train-log.jsonl';

export interface TrainOptions {
  /** run config file; default DEFAULT_CONFIG for a new run, the checkpoint's own with --resume. */
  config?: string;
  resume?: boolean;
  /** folder of the checkpoint and the log. */
  out?: string;
  /** stop once this many updates are done (default: the schedule's train.steps). */
  steps?: number;
  /** stop cleanly (and checkpoint) after this much training time in this process. */
  maxMinutes?: number;
  /** write config.json, model.safetensors and generation_config.json here at the end. */
  export?: string;
  /** backends to try, in order (default wasm, then cpu). */
  backends?: ('wasm' | 'cpu')[];
  /** worker threads (default 1); 0 trains in this thread (then Ctrl-C under tsx cannot stop cleanly). */
  workers?: number;
}

export interface TrainIo {
  stderr: ProgressWriter;
  /** polled between steps; true stops the run cleanly (SIGINT). */
  stopRequested?: () => boolean;
}

export interface TrainResult {
  step: number;
  reason: 'steps' | 'time' | 'interrupt';
  /** the last training step's events, when a step ran. */
  last: StepEvents | null;
  backend: string;
}

interface Inputs {
  run: TrainRunConfig;
  checkpoint: Checkpoint | null;
  /** the first train setting a resumed run changes (`field: old ≠ new`), or null. */
  changed: string | null;
  tokenizerPath: string;
  train: Int32Array;
  val: Batch[];
}

/** Reads and checks everything; writes nothing. */
function loadInputs(o: TrainOptions, out: string): Inputs & { tok: ReturnType<typeof readTokenizer> } {
  const ckPath = join(out, CHECKPOINT_FILE);
  let run: TrainRunConfig;
  let checkpoint: Checkpoint | null = null;
  let changed: string | null = null;
  if (o.resume) {
    const fromFile = o.config ? readRunConfig(o.config) : null;
    checkpoint = readCheckpoint(ckPath, fromFile?.model);
    changed = fromFile ? firstDifference(checkpoint.run.train, fromFile.train) : null;
    run = fromFile ? { ...fromFile, model: checkpoint.run.model } : checkpoint.run;
  } else {
    run = readRunConfig(o.config ?? DEFAULT_CONFIG);
    if (existsSync(ckPath)) {
      throw new TrainInputError(`${ckPath} exists: pass --resume to continue it, or --out DIR to start a new run`);
    }
  }
  if (o.steps !== undefined && (!Number.isInteger(o.steps) || o.steps < 0)) {
    throw new TrainInputError(`--steps must be a non-negative integer, got ${o.steps}`);
  }
  if (o.workers !== undefined && (!Number.isInteger(o.workers) || o.workers < 0)) {
    throw new TrainInputError(`--workers must be a non-negative integer, got ${o.workers}`);
  }
  if (o.workers && run.train.batchSize % o.workers !== 0) {
    throw new TrainInputError(
      `train.batchSize ${run.train.batchSize} cannot be split evenly over ${o.workers} workers`,
    );
  }
  if (o.maxMinutes !== undefined && !(o.maxMinutes > 0)) {
    throw new TrainInputError(`--max-minutes must be positive, got ${o.maxMinutes}`);
  }
  const tok = readTokenizer(run.data.tokenizer, run.model);
  const { batchSize: B, seqLen: T } = run.train;
  const train = readCorpus(run.data.train, tok, 'training corpus');
  if (train.length < 2 * T + 1) {
    throw new TrainInputError(`training corpus ${run.data.train} has ${train.length} tokens, too few for seqLen ${T}`);
  }
  const valTokens = run.data.val ? readCorpus(run.data.val, tok, 'validation corpus') : null;
  const val = valTokens && run.cadence.evalEvery > 0 ? evalBatches(valTokens, B, T, run.cadence.evalBatches) : [];
  return { run, checkpoint, changed, tokenizerPath: run.data.tokenizer, train, val, tok };
}

/** Starts the trainer: this thread, or `workers` worker threads. */
async function startTrainer(o: TrainOptions, run: TrainRunConfig, ck: Checkpoint | null): Promise<Trainer> {
  const backends = o.backends ?? ['wasm', 'cpu'];
  const n = o.workers ?? 1;
  if (n === 0) {
    await selectNodeBackend(backends);
    await registerNodeGradients();
    return new LocalTrainer(ck ? restoreTrainState(ck, run.train) : createTrainState(run.model, run.train));
  }
  return WorkerTrainer.start(n, {
    config: run.model,
    hyper: run.train,
    weights: ck?.weights ?? null,
    optimizer: ck?.optimizer ?? null,
    rng: ck?.rng ?? new Rng(run.train.seed + SEED_OFFSETS.dropping).getState(),
    backends,
  });
}

/** Runs (or resumes) training. Throws TrainInputError or TrainingDivergedError with one-line messages. */
export async function runTraining(o: TrainOptions, io: TrainIo): Promise<TrainResult> {
  const inputs = loadInputs(o, o.out ?? DEFAULT_OUT);
  const { run, checkpoint: ck } = inputs;
  const { batchSize: B, seqLen: T } = run.train;
  const stream = new TokenStream(inputs.train, B, T, ck ? ck.data : run.train.seed + SEED_OFFSETS.data);
  const trainer = await startTrainer(o, run, ck);
  try {
    return await trainLoop(o, io, inputs, stream, trainer);
  } finally {
    await trainer.dispose();
  }
}

/** Steps, logs, evaluates and checkpoints until a stop condition, then saves and exports. */
async function trainLoop(
  o: TrainOptions,
  io: TrainIo,
  inputs: Inputs & { tok: ReturnType<typeof readTokenizer> },
  stream: TokenStream,
  trainer: Trainer,
): Promise<TrainResult> {
  const { run, checkpoint: ck, tok } = inputs;
  const { batchSize: B, seqLen: T } = run.train;
  const out = o.out ?? DEFAULT_OUT;
  const ckPath = join(out, CHECKPOINT_FILE);
  const logPath = join(out, LOG_FILE);
  const workers = Math.max(1, o.workers ?? 1); // gradient slices per step: 0 and 1 give the same arithmetic
  const backend = trainer instanceof WorkerTrainer ? trainer.backend : tf.getBackend();
  const progress = { tokens: ck?.progress.tokens ?? 0, elapsedMs: ck?.progress.elapsedMs ?? 0 };
  const stopAt = o.steps ?? run.train.steps;
  const bar = new ProgressBar(io.stderr, run.cadence.logEvery);
  const speed = new Throughput();
  const t0 = performance.now();
  let savedStep = trainer.step;
  let last: StepEvents | null = null;
  let valLoss: number | null = null;
  let reason: TrainResult['reason'] = 'steps';

  const save = async () => {
    const snap = await trainer.snapshot();
    const c: Checkpoint = {
      run,
      step: trainer.step,
      data: stream.position(),
      rng: trainer.rngState(),
      progress,
      workers,
      ...snap,
    };
    writeAtomic(ckPath, encodeCheckpoint(c));
    savedStep = trainer.step;
    appendLog(logPath, { event: 'checkpoint', step: savedStep, file: ckPath, time: new Date().toISOString() });
  };

  appendLog(logPath, {
    event: ck ? 'resume' : 'start',
    step: trainer.step,
    stopAt,
    backend,
    workers,
    tokensPerStep: B * T,
    corpusTokens: inputs.train.length,
    time: new Date().toISOString(),
    ...(ck ? {} : { run }),
  });
  if (inputs.changed) {
    bar.message(`note: resuming with changed train settings (${inputs.changed}); not identical to an unbroken run`);
    appendLog(logPath, { event: 'settings-changed', step: trainer.step, change: inputs.changed, run });
  }
  if (ck && ck.workers !== workers) {
    bar.message(
      `note: the checkpoint was made with ${ck.workers} worker(s), this run uses ${workers}; not bit-identical`,
    );
  }
  try {
    while (trainer.step < stopAt) {
      await new Promise((resolve) => setImmediate(resolve)); // let signals (Ctrl-C) in: a step awaits only microtasks
      if (io.stopRequested?.()) {
        reason = 'interrupt';
        break;
      }
      if (o.maxMinutes !== undefined && performance.now() - t0 >= o.maxMinutes * 60_000) {
        reason = 'time';
        break;
      }
      const e = await trainer.trainStep(stream.next());
      last = e;
      progress.tokens += e.tokens;
      progress.elapsedMs += e.ms;
      speed.add(e.tokens, e.ms);
      const { step } = e;
      if (run.cadence.evalEvery > 0 && inputs.val.length > 0 && step % run.cadence.evalEvery === 0) {
        valLoss = await trainer.evaluate(inputs.val);
        appendLog(logPath, { event: 'eval', step, valLoss });
      }
      const eta = speed.secPerStep === null ? null : speed.secPerStep * (stopAt - step);
      bar.update(
        {
          step,
          total: stopAt,
          tokensPerSec: speed.tokensPerSec,
          loss: e.loss,
          lmLoss: e.lmLoss,
          aux: e.aux.total,
          etaSec: eta,
          valLoss,
        },
        step === stopAt,
      );
      if (step % run.cadence.logEvery === 0 || step === stopAt) {
        appendLog(logPath, {
          event: 'step',
          ...e,
          tokensSeen: progress.tokens,
          tokensPerSec: speed.tokensPerSec,
          epoch: stream.epochs,
          elapsedSec: progress.elapsedMs / 1000,
        });
      }
      if (step % run.cadence.checkpointEvery === 0) await save();
    }
  } catch (e) {
    if (e instanceof TrainingDivergedError) {
      bar.newline();
      appendLog(logPath, {
        event: 'diverged',
        step: e.step,
        what: e.what,
        value: String(e.value),
        lr: e.lr,
        kept: savedStep,
      });
      const kept = existsSync(ckPath) ? `${ckPath} (step ${savedStep}) is kept` : 'no checkpoint was written';
      throw new TrainingDivergedError(e.step, e.what, e.value, e.lr, kept);
    }
    throw e;
  }
  bar.newline();
  if (trainer.step !== savedStep || (!ck && !existsSync(ckPath))) await save();
  if (o.export) {
    appendLog(logPath, { event: 'export', step: trainer.step, dir: o.export });
    exportModel(o.export, run.model, (await trainer.snapshot()).weights, tok, inputs.tokenizerPath, logPath);
  }
  appendLog(logPath, { event: 'end', step: trainer.step, reason, time: new Date().toISOString() });
  return { step: trainer.step, reason, last, backend };
}
