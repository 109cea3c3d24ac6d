/**
 * A lab run as data: one compact point per training step (the curves and the per-expert load of
 * every MoE layer), and the run file that exports it (settings, curves, load heatmap) and loads it
 * back, validated. Pure: no tfjs.
 */
import type { LabStepEvent } from './labEvents';
import { parseLabSettings, type LabSettings } from './labSettings';

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
  const layers = r.layers;
  if (!Array.isArray(layers) || layers.length === 0 || !layers.every((l) => Number.isInteger(l) && l >= 0)) {
    throw new LabRunError('layers: expected a non-empty list of layer indices');
  }
  if (!Array.isArray(r.points)) throw new LabRunError('points: expected a list');
  const points = r.points as unknown[];
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
    if (
      !Array.isArray(f) ||
      f.length !== layers.length ||
      !f.every(
        (row) =>
          Array.isArray(row) &&
          row.length > 0 &&
          row.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
      )
    ) {
      throw new LabRunError(`points[${i}].f: expected ${layers.length} lists of non-negative expert loads`);
    }
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
