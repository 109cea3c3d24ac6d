/**
 * The load-balance lab's settings: what a student can turn, how they map onto the model config
 * (aux_loss_alpha, device_balance_alpha, comm_balance_alpha, num_experts_per_tok, n_group,
 * topk_group, device_capacity_factor) and the training hyper-parameters, and their validation.
 * Pure data and functions: no tfjs, so the UI and the run files can use them.
 */
import { parseConfig, type DeepseekV2Config } from '../../model/config';
import { LAB_SMALL, TINYSEEK } from '../../model/presets';
import { DEFAULT_HYPER, type TrainHyperParams } from '../trainConfig';
import { LAB_MEMORY_BUDGET, MAX_LAB_BATCH, formatBytes, labStepBytes, maxLabBatch } from './labMemory';

/** The largest α the lab takes: far above DeepSeek-V2's (0.003, 0.05, 0.02), where the balance loss already drowns the LM loss. */
export const MAX_ALPHA = 10;
/** The largest learning rate the lab takes (a rate this high diverges, and the lab shows how it stops). */
export const MAX_LR = 1e9;
/** The largest capacity factor: past the number of groups nothing can be dropped anyway. */
export const MAX_CAPACITY = 64;

/** The models the lab can train: the shipped TinySeek config or the small lab preset. */
export const LAB_MODELS = { tinyseek: TINYSEEK, 'lab-small': LAB_SMALL } as const;
export type LabModelName = keyof typeof LAB_MODELS;

export interface LabSettings {
  /** which config to train. */
  model: LabModelName;
  /** start from seeded random weights, or from the shipped model's weights (tinyseek only). */
  start: 'scratch' | 'shipped';
  /** seeds the initial weights (scratch), the batch order and the token-dropping draws. */
  seed: number;
  /** α1: expert-level balance loss (DeepSeek-V2 eqs. (23)–(25)). */
  alphaExpert: number;
  /** α2: device-level balance loss (DeepSeek-V2 eqs. (26)–(28)). */
  alphaDevice: number;
  /** α3: communication balance loss (DeepSeek-V2 eqs. (29)–(31)). */
  alphaComm: number;
  /** K: routed experts per token. */
  topK: number;
  /** D: expert groups (devices); must divide the number of routed experts. */
  nGroup: number;
  /** M: groups each token may reach. */
  topkGroup: number;
  /** token dropping on or off (docs/model.md#token-dropping). */
  dropping: boolean;
  /** device budget as a multiple of the average load, when dropping. */
  capacityFactor: number;
  /** learning rate (constant after a short warm-up). */
  lr: number;
  /** B: sequences per step. */
  batchSize: number;
  /** T: tokens per sequence. */
  seqLen: number;
  /**
   * How the load is balanced: V2's balance losses (the α above), or V3's auxiliary-loss-free bias
   * (DeepSeek-V3 §2.1.2: sigmoid scores, a per-expert bias that only chooses, moved by γ after
   * each step; every α is then 0). Absent in run files saved before V3 mode: 'losses'.
   */
  balancing: LabBalancing;
  /** γ: the bias update speed in V3 mode (src/train/lab/biasBalancing.ts). */
  gamma: number;
}

/** V2's balance losses, or V3's bias balancing. */
export type LabBalancing = 'losses' | 'bias';

/** The largest γ the lab takes: a step of 1 moves a bias past the whole range of a sigmoid score. */
export const MAX_GAMMA = 1;

export const LAB_DEFAULTS: LabSettings = {
  model: 'lab-small',
  start: 'scratch',
  seed: 1,
  alphaExpert: 0.02,
  alphaDevice: 0,
  alphaComm: 0,
  topK: 2,
  nGroup: 4,
  topkGroup: 2,
  dropping: false,
  capacityFactor: 1,
  lr: 3e-2,
  batchSize: 8,
  seqLen: 32,
  balancing: 'losses',
  gamma: 0.01,
};

/** The one-click demonstrations, all on the same seed (see tests/unit/train/lab/demonstration.test.ts). */
export const LAB_PRESETS = {
  /** all balance losses off: routing collapses onto a few experts. */
  collapse: { ...LAB_DEFAULTS, alphaExpert: 0, alphaDevice: 0, alphaComm: 0 },
  /** V2 losses: the expert-level loss at α1 = 0.02: the load stays near uniform. */
  balanced: { ...LAB_DEFAULTS, alphaExpert: 0.02, alphaDevice: 0, alphaComm: 0 },
  /** V3 bias: no balance loss at all; each expert's bias moves by γ = 0.01 after every step. */
  v3bias: { ...LAB_DEFAULTS, alphaExpert: 0, alphaDevice: 0, alphaComm: 0, balancing: 'bias', gamma: 0.01 },
} as const satisfies Record<string, LabSettings>;
export type LabPresetName = keyof typeof LAB_PRESETS;

/** Steps of linear warm-up before the learning rate is constant. */
export const LAB_WARMUP = 5;

/** A setting that cannot be used; the message names it in words a student can act on. */
export class LabSettingsError extends Error {
  override name = 'LabSettingsError';
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);

/** Checks every field of `raw` (a whole LabSettings); throws LabSettingsError on the first bad one. */
export function parseLabSettings(raw: unknown): LabSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LabSettingsError('settings: expected an object');
  }
  const r = raw as Record<string, unknown>;
  const need = (ok: boolean, field: keyof LabSettings, what: string) => {
    if (!ok) throw new LabSettingsError(`settings.${field}: expected ${what}, got ${JSON.stringify(r[field])}`);
  };
  need(typeof r.model === 'string' && r.model in LAB_MODELS, 'model', Object.keys(LAB_MODELS).join(' or '));
  need(r.start === 'scratch' || r.start === 'shipped', 'start', '"scratch" or "shipped"');
  need(isInt(r.seed) && r.seed >= 0 && r.seed < 2 ** 32, 'seed', 'an integer in [0, 2^32)');
  for (const f of ['alphaExpert', 'alphaDevice', 'alphaComm'] as const) {
    need(isNum(r[f]) && r[f] >= 0 && r[f] <= MAX_ALPHA, f, `α in [0, ${MAX_ALPHA}]`);
  }
  for (const f of ['topK', 'nGroup', 'topkGroup', 'batchSize', 'seqLen'] as const) {
    need(isInt(r[f]) && r[f] >= 1, f, 'a positive integer');
  }
  need(typeof r.dropping === 'boolean', 'dropping', 'true or false');
  need(
    isNum(r.capacityFactor) && r.capacityFactor > 0 && r.capacityFactor <= MAX_CAPACITY,
    'capacityFactor',
    `a number in (0, ${MAX_CAPACITY}]`,
  );
  need(isNum(r.lr) && r.lr > 0 && r.lr <= MAX_LR, 'lr', `a learning rate in (0, ${MAX_LR.toExponential(0)}]`);
  const balancing = r.balancing ?? LAB_DEFAULTS.balancing;
  need(balancing === 'losses' || balancing === 'bias', 'balancing', '"losses" or "bias"');
  const gamma = r.gamma ?? LAB_DEFAULTS.gamma;
  need(isNum(gamma) && gamma >= 0 && gamma <= MAX_GAMMA, 'gamma', `γ in [0, ${MAX_GAMMA}]`);
  const s = { ...r, balancing, gamma } as unknown as LabSettings;
  labConfig(s); // the combination must make a valid config
  return {
    model: s.model,
    start: s.start,
    seed: s.seed,
    alphaExpert: s.alphaExpert,
    alphaDevice: s.alphaDevice,
    alphaComm: s.alphaComm,
    topK: s.topK,
    nGroup: s.nGroup,
    topkGroup: s.topkGroup,
    dropping: s.dropping,
    capacityFactor: s.capacityFactor,
    lr: s.lr,
    batchSize: s.batchSize,
    seqLen: s.seqLen,
    balancing: s.balancing,
    gamma: s.gamma,
  };
}

/**
 * The model config the lab trains: the chosen model with the lab's routing and balance settings.
 * None of these change a tensor shape, so they can change between steps without a reset.
 */
export function labConfig(s: LabSettings): DeepseekV2Config {
  const base = LAB_MODELS[s.model];
  if (s.start === 'shipped' && s.model !== 'tinyseek') {
    throw new LabSettingsError('only the TinySeek model has shipped weights; pick it or start from scratch');
  }
  if (s.seqLen > base.max_position_embeddings) {
    throw new LabSettingsError(
      `sequence length ${s.seqLen} is longer than the model's ${base.max_position_embeddings}`,
    );
  }
  const bytes = labStepBytes(base, s.batchSize, s.seqLen);
  if (bytes > LAB_MEMORY_BUDGET) {
    throw new LabSettingsError(
      `batch ${s.batchSize} × sequence ${s.seqLen} needs about ${formatBytes(bytes)} for one step; the lab allows ` +
        `${formatBytes(LAB_MEMORY_BUDGET)} (at sequence ${s.seqLen}, batch ≤ ${maxLabBatch(base, s.seqLen)})`,
    );
  }
  if (s.batchSize > MAX_LAB_BATCH) {
    throw new LabSettingsError(`batch ${s.batchSize} is more than the lab's ${MAX_LAB_BATCH} sequences per step`);
  }
  const v3 = s.balancing === 'bias';
  try {
    return parseConfig({
      ...base,
      aux_loss_alpha: v3 ? 0 : s.alphaExpert,
      device_balance_alpha: v3 ? 0 : s.alphaDevice,
      comm_balance_alpha: v3 ? 0 : s.alphaComm,
      num_experts_per_tok: s.topK,
      n_group: s.nGroup,
      topk_group: s.topkGroup,
      device_capacity_factor: s.dropping ? s.capacityFactor : 0,
      ...(v3
        ? // DeepSeek-V3's router: sigmoid scores, the bias chooses, gates normalised over the chosen
          { model_type: 'deepseek_v3', scoring_func: 'sigmoid', topk_method: 'noaux_tc', norm_topk_prob: true }
        : { topk_method: 'group_limited_greedy' }),
    });
  } catch (e) {
    throw new LabSettingsError((e instanceof Error ? e.message : String(e)).replace(/^config\./, ''));
  }
}

/** The training hyper-parameters: DeepSeek-V2's AdamW and clipping, a constant lr after warm-up. */
export function labHyper(s: LabSettings): TrainHyperParams {
  return {
    ...DEFAULT_HYPER,
    seed: s.seed,
    batchSize: s.batchSize,
    seqLen: s.seqLen,
    steps: 1_000_000,
    lr: s.lr,
    minLr: s.lr,
    warmupSteps: LAB_WARMUP,
  };
}

/** Settings that change shapes or the starting point: changing one needs a reset. */
export const RESET_FIELDS = [
  'model',
  'start',
  'seed',
  'batchSize',
  'seqLen',
  'balancing', // V3 adds the bias tensors and changes the scoring
] as const satisfies (keyof LabSettings)[];

/** True when going from `a` to `b` needs a fresh start (new weights, data order or shapes). */
export function needsReset(a: LabSettings, b: LabSettings): boolean {
  return RESET_FIELDS.some((f) => a[f] !== b[f]);
}
