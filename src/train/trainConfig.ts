/**
 * A training run's settings as one JSON file: the model config (a preset with overrides, or a
 * full Hugging Face config), the optimisation hyper-parameters, the data files and the cadence of
 * checkpoints, logs and evaluation. Validation errors are one line naming the field.
 */
import { parseConfig, type DeepseekV2Config } from '../model/config';
import { PRESETS } from '../model/presets';
import type { DecayKind } from './schedule';

/** Everything that shapes the trajectory of the weights; a resumed run must use the same values. */
export interface TrainHyperParams {
  /** seeds the initial weights, the data order and the token-dropping choices. */
  seed: number;
  /** B: sequences per step. */
  batchSize: number;
  /** T: positions per sequence. */
  seqLen: number;
  /** schedule length: the run ends here unless stopped earlier. */
  steps: number;
  /** peak learning rate. */
  lr: number;
  /** floor of the decay. */
  minLr: number;
  warmupSteps: number;
  decay: DecayKind;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** max global gradient norm (1.0 in V2). */
  gradClip: number;
}

/** Files, relative to the working directory. */
export interface DataFiles {
  /** training text, one document per line. */
  train: string;
  /** validation text, or null for none. */
  val: string | null;
  /** tokenizer.json (byte-level BPE). */
  tokenizer: string;
}

/** How often things happen, in steps; none of it changes the weights. */
export interface Cadence {
  checkpointEvery: number;
  logEvery: number;
  /** validation loss every this many steps (0 = never). */
  evalEvery: number;
  /** validation batches per evaluation. */
  evalBatches: number;
}

export interface TrainRunConfig {
  model: DeepseekV2Config;
  train: TrainHyperParams;
  data: DataFiles;
  cadence: Cadence;
}

export class TrainConfigError extends Error {
  override name = 'TrainConfigError';
}

export const DEFAULT_HYPER: TrainHyperParams = {
  seed: 1,
  batchSize: 8,
  seqLen: 128,
  steps: 2000,
  lr: 3e-3,
  minLr: 3e-4,
  warmupSteps: 100,
  decay: 'cosine',
  weightDecay: 0.1,
  beta1: 0.9,
  beta2: 0.95,
  eps: 1e-8,
  gradClip: 1,
};

export const DEFAULT_DATA: DataFiles = {
  train: 'data/corpus/train.txt',
  val: 'data/corpus/val.txt',
  tokenizer: 'public/models/tinyseek/tokenizer.json',
};

export const DEFAULT_CADENCE: Cadence = { checkpointEvery: 100, logEvery: 10, evalEvery: 200, evalBatches: 8 };

type Json = Record<string, unknown>;

function object(v: unknown, where: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new TrainConfigError(`${where}: expected an object`);
  return v as Json;
}

/** Checks `raw` field by field against the defaults' types; unknown fields are errors (typos). */
function section<T extends object>(
  raw: unknown,
  defaults: T,
  where: string,
  check: (k: string, v: unknown) => string | null,
): T {
  const r = raw === undefined ? {} : object(raw, where);
  for (const k of Object.keys(r)) if (!(k in defaults)) throw new TrainConfigError(`${where}.${k}: unknown field`);
  const out = { ...defaults, ...r } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    const problem = check(k, v);
    if (problem) throw new TrainConfigError(`${where}.${k}: ${problem}, got ${JSON.stringify(v)}`);
  }
  return out as T;
}

const isInt = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
const isNum = (v: unknown, min: number, max = Infinity) =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

function checkHyper(k: string, v: unknown): string | null {
  switch (k) {
    case 'seed':
      return isInt(v, 0) && (v as number) < 2 ** 32 ? null : 'expected an integer in [0, 2^32)';
    case 'batchSize':
    case 'seqLen':
    case 'steps':
      return isInt(v, 1) ? null : 'expected a positive integer';
    case 'warmupSteps':
      return isInt(v, 0) ? null : 'expected a non-negative integer';
    case 'lr':
    case 'gradClip':
      return isNum(v, Number.MIN_VALUE) ? null : 'expected a positive number';
    case 'minLr':
    case 'weightDecay':
      return isNum(v, 0) ? null : 'expected a non-negative number';
    case 'beta1':
    case 'beta2':
      return isNum(v, 0) && (v as number) < 1 ? null : 'expected a number in [0, 1)';
    case 'eps':
      return isNum(v, Number.MIN_VALUE) ? null : 'expected a positive number';
    case 'decay':
      return v === 'cosine' || v === 'step' ? null : 'expected "cosine" or "step"';
    default:
      return null;
  }
}

/** The `model` section: `{ "preset": name, ...overrides }` or a full config.json object. */
function parseModel(raw: unknown): DeepseekV2Config {
  const r = object(raw, 'model');
  const { preset, ...rest } = r;
  let base: object = {};
  if (preset !== undefined) {
    if (typeof preset !== 'string' || !(preset in PRESETS)) {
      throw new TrainConfigError(
        `model.preset: expected one of ${Object.keys(PRESETS).join(', ')}, got ${JSON.stringify(preset)}`,
      );
    }
    base = PRESETS[preset as keyof typeof PRESETS];
  }
  try {
    return parseConfig({ ...base, ...rest });
  } catch (e) {
    throw new TrainConfigError(`model: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parses and validates a run config (the JSON of `--config FILE`). */
export function parseTrainConfig(json: unknown): TrainRunConfig {
  const root = object(json, '(root)');
  for (const k of Object.keys(root)) {
    if (!['model', 'train', 'data', 'cadence', '$comment'].includes(k))
      throw new TrainConfigError(`${k}: unknown section`);
  }
  if (root.model === undefined) throw new TrainConfigError('model: is required');
  const model = parseModel(root.model);
  const train = section(root.train, DEFAULT_HYPER, 'train', checkHyper);
  const data = section(root.data, DEFAULT_DATA, 'data', (k, v) =>
    typeof v === 'string' && v !== '' ? null : k === 'val' && v === null ? null : 'expected a file path',
  );
  const cadence = section(root.cadence, DEFAULT_CADENCE, 'cadence', (k, v) =>
    isInt(v, k === 'evalEvery' ? 0 : 1)
      ? null
      : `expected a ${k === 'evalEvery' ? 'non-negative' : 'positive'} integer`,
  );
  if (train.seqLen > model.max_position_embeddings) {
    throw new TrainConfigError(
      `train.seqLen: ${train.seqLen} is longer than model.max_position_embeddings (${model.max_position_embeddings})`,
    );
  }
  if (train.minLr > train.lr) throw new TrainConfigError(`train.minLr: ${train.minLr} is above train.lr (${train.lr})`);
  if (train.warmupSteps >= train.steps) {
    throw new TrainConfigError(
      `train.warmupSteps: ${train.warmupSteps} leaves no steps after warm-up (train.steps ${train.steps})`,
    );
  }
  return { model, train, data, cadence };
}

/** The first field where two configs differ, as `name: a ≠ b`, or null when they are equal. */
export function firstDifference(a: object, b: object, prefix = ''): string | null {
  const ra = a as Json;
  const rb = b as Json;
  for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
    const [x, y] = [ra[k], rb[k]];
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      const d = firstDifference(x, y, `${prefix}${k}.`);
      if (d) return d;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) {
      return `${prefix}${k}: ${JSON.stringify(x)} ≠ ${JSON.stringify(y)}`;
    }
  }
  return null;
}
