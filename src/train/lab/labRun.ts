/**
 * A lab run as data: one compact point per training step (the curves and the per-expert load of
 * every MoE layer), and the run file that exports it (settings, curves, load heatmap) and loads it
 * back, validated. Pure: no tfjs.
 */
import { isMoeLayer } from '../../model/config';
import type { LabStepEvent } from './labEvents';
import { labConfig, parseLabSettings, type LabSettings } from './labSettings';

/** What the charts keep of one step. */
export interface LabPoint {
  step: number;
  lmLoss: number;
  /** each balance loss L/α averaged over the MoE layers (1 = balanced). */
  expert: number;
  device: number;
  comm: number;
  /** largest max/mean load of any layer. */
  maxLoad: number;
  /** load entropy, bits, mean over layers. */
  entropy: number;
  /** dropped share of token–expert assignments. */
  dropShare: number;
  /** most groups any token reached. */
  groupsMax: number;
  tokensPerSec: number;
  /** f_i of each MoE layer, in `layers` order. [nMoe][Nr] */
  f: number[][];
  /** V3 mode: each MoE layer's expert biases after the step, in `layers` order; absent in V2 mode. [nMoe][Nr] */
  bias?: number[][];
}

export const RUN_FORMAT = 'tinyseek-balance-lab-run';

export interface LabRunFile {
  format: typeof RUN_FORMAT;
  version: 1;
  settings: LabSettings;
  /** the backend the run trained on. */
  backend: string;
  /** decoder layer index of each row of LabPoint.f. */
  layers: number[];
  points: LabPoint[];
}

/**
 * The most steps a run file may hold: a run of 200,000 steps (about 52 MB) loads and draws; past
 * this the file is refused before its points are read.
 */
export const MAX_RUN_POINTS = 250_000;

/** The largest run file read at all, bytes (checked before the file is read). */
export const MAX_RUN_BYTES = 128 * 1024 * 1024;

/** Refuses a file too large to be a lab run before it is read; `bytes` is its size. */
export function checkRunFileSize(bytes: number): void {
  if (bytes > MAX_RUN_BYTES) {
    throw new LabRunError(
      `the file is ${(bytes / 2 ** 20).toFixed(0)} MB; a lab run file may be at most ${MAX_RUN_BYTES / 2 ** 20} MB`,
    );
  }
}

/** A run file that cannot be loaded; the message says why in one line. */
export class LabRunError extends Error {
  override name = 'LabRunError';
}

/** The chart point of a step event. */
export function toPoint(e: LabStepEvent): LabPoint {
  return {
    step: e.step,
    lmLoss: e.lmLoss,
    expert: e.balance.expert,
    device: e.balance.device,
    comm: e.balance.comm,
    maxLoad: e.maxLoad,
    entropy: e.entropy,
    dropShare: e.dropShare,
    groupsMax: e.groupsMax,
    tokensPerSec: e.tokensPerSec,
    f: e.layers.map((l) => l.f),
    ...(e.layers.length > 0 && e.layers.every((l) => l.bias) ? { bias: e.layers.map((l) => l.bias as number[]) } : {}),
  };
}

const NUMBER_FIELDS = [
  'step',
  'lmLoss',
  'expert',
  'device',
  'comm',
  'maxLoad',
  'entropy',
  'dropShare',
  'groupsMax',
  'tokensPerSec',
] as const satisfies (keyof LabPoint)[];

/** A point's V3 biases: one list of N_r finite numbers per MoE layer. */
function checkBias(bias: unknown, i: number, nLayers: number, experts: number): void {
  if (!Array.isArray(bias) || bias.length !== nLayers) {
    throw new LabRunError(`points[${i}].bias: expected ${nLayers} lists of expert biases, one per MoE layer`);
  }
  bias.forEach((row: unknown, l) => {
    if (
      !Array.isArray(row) ||
      row.length !== experts ||
      !row.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new LabRunError(`points[${i}].bias[${l}]: expected ${experts} finite numbers, one per routed expert`);
    }
  });
}

/** Checks a parsed run file; throws LabRunError naming the first problem. */
export function parseLabRun(json: unknown): LabRunFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new LabRunError('not a lab run: expected a JSON object');
  const r = json as Record<string, unknown>;
  if (r.format !== RUN_FORMAT)
    throw new LabRunError(`not a lab run: "format" is ${JSON.stringify(r.format)}, expected "${RUN_FORMAT}"`);
  if (r.version !== 1)
    throw new LabRunError(`unsupported lab run version ${JSON.stringify(r.version)} (this page reads version 1)`);
  let settings: LabSettings;
  try {
    settings = parseLabSettings(r.settings);
  } catch (e) {
    throw new LabRunError(e instanceof Error ? e.message : String(e));
  }
  if (typeof r.backend !== 'string') throw new LabRunError('backend: expected a string');
  // the run must fit the model its settings name: its MoE layers, each with N_r routed experts
  const c = labConfig(settings);
  const moe = Array.from({ length: c.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(c, l));
  const experts = c.n_routed_experts ?? 0;
  const layers = r.layers;
  if (!Array.isArray(layers) || layers.length !== moe.length || !layers.every((l, i) => l === moe[i])) {
    const got = Array.isArray(layers)
      ? `[${layers.slice(0, 8).map(String).join(', ')}${layers.length > 8 ? ', …' : ''}]`
      : typeof layers;
    throw new LabRunError(`layers: the ${settings.model} model's MoE layers are [${moe.join(', ')}], got ${got}`);
  }
  if (!Array.isArray(r.points)) throw new LabRunError('points: expected a list');
  const points = r.points as unknown[];
  if (points.length > MAX_RUN_POINTS) {
    throw new LabRunError(`points: ${points.length} steps; a lab run file may hold at most ${MAX_RUN_POINTS}`);
  }
  let previous = 0;
  points.forEach((p, i) => {
    if (typeof p !== 'object' || p === null) throw new LabRunError(`points[${i}]: expected an object`);
    const q = p as Record<string, unknown>;
    for (const k of NUMBER_FIELDS) {
      if (typeof q[k] !== 'number' || !Number.isFinite(q[k]))
        throw new LabRunError(`points[${i}].${k}: expected a finite number`);
    }
    if (!Number.isInteger(q.step) || (q.step as number) <= previous) {
      throw new LabRunError(`points[${i}].step: steps must be increasing whole numbers`);
    }
    previous = q.step as number;
    const f = q.f;
    if (!Array.isArray(f) || f.length !== layers.length) {
      throw new LabRunError(`points[${i}].f: expected ${layers.length} lists of expert loads, one per MoE layer`);
    }
    for (let l = 0; l < f.length; l++) {
      const row: unknown = f[l];
      if (!Array.isArray(row) || row.length !== experts) {
        const got = Array.isArray(row) ? `${row.length}` : 'none';
        throw new LabRunError(
          `points[${i}].f[${l}]: the ${settings.model} model has ${experts} routed experts per layer, got ${got}`,
        );
      }
      for (const v of row) {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          throw new LabRunError(`points[${i}].f[${l}]: expected non-negative expert loads`);
      }
    }
    if (q.bias !== undefined) checkBias(q.bias, i, layers.length, experts);
  });
  return {
    format: RUN_FORMAT,
    version: 1,
    settings,
    backend: r.backend,
    layers: layers as number[],
    points: points as LabPoint[],
  };
}

/** Reads a run file's text (JSON), or throws LabRunError. */
export function readLabRun(text: string): LabRunFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LabRunError('this file is not JSON; export a run from the lab and load that file');
  }
  return parseLabRun(json);
}
