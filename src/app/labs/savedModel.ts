/**
 * What "Save model" writes, pure: the folder's name (model, lab and steps), its README.md (the
 * run's settings and a small table of its curves), generation_config.json, the file list and the
 * zip (fflate), and the same files as Explore's `loadModel({ kind: 'files' })` takes them.
 */
import { strToU8, zipSync } from 'fflate';
import { generationConfigJson } from '../../model/generationConfig';
import type { BalanceLabState } from '../../state/balanceLabSlice';
import type { GrpoLab } from '../../state/grpoSlice';
import { S } from '../../strings';
import type { ExportedModel } from '../../worker/messages';

const T = S.saveModel;

/** The most rows the README's curve table has (then every Nth step, and the last). */
export const MAX_CURVE_ROWS = 20;

/** A lab's run as the README describes it. */
export interface SavedRun {
  lab: 'balance' | 'grpo';
  /** the model the lab trained (a lab config's name, or the GRPO model's). */
  model: string;
  /** steps done. */
  step: number;
  /** the lab's controls and seed, by name. */
  settings: Record<string, string | number | boolean>;
  /** the curves: a header and one row per step (null: not measured at that step). */
  columns: string[];
  rows: (number | null)[][];
}

/** One file of the folder, its path inside the zip. */
export interface SavedFile {
  name: string;
  bytes: Uint8Array;
}

/** `tinyseek-grpo-step40`: the model, the lab and the steps done, safe as a file name. */
export function savedFolderName(run: Pick<SavedRun, 'lab' | 'model' | 'step'>): string {
  const model =
    run.model
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model';
  return `${model}-${run.lab}-step${run.step}`;
}

/** Every Nth row (N the smallest that keeps at most `max`), and always the last; N with the rows. */
export function everyNth<T>(rows: T[], max = MAX_CURVE_ROWS): { every: number; rows: T[] } {
  const every = Math.max(1, Math.ceil(rows.length / max));
  const kept = rows.filter((_, i) => (i + 1) % every === 0 || i === rows.length - 1);
  return { every, rows: kept };
}

const cell = (v: number | null) => (v === null ? T.readme.none : Number.isInteger(v) ? String(v) : v.toPrecision(4));

/** README.md: what the folder is, the run's settings, and its curves as a Markdown table. */
export function savedReadme(run: SavedRun): string {
  const folder = savedFolderName(run);
  const { every, rows } = everyNth(run.rows);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    T.readme.title(folder),
    '',
    T.readme.intro(T.labs[run.lab], run.step),
    '',
    T.readme.settings,
    '',
    ...Object.entries(run.settings).map(([k, v]) => `- ${k}: ${String(v)}`),
    '',
    T.readme.curves(every),
    '',
    line(run.columns),
    line(run.columns.map(() => '---')),
    ...rows.map((r) => line(r.map(cell))),
    '',
  ].join('\n');
}

/** generation_config.json: the sampling the app starts from, with the config's bos and eos ids. */
export function generationConfig(configJson: string): string {
  const c = JSON.parse(configJson) as { bos_token_id?: number | null; eos_token_id?: number };
  const g = generationConfigJson(c.bos_token_id ?? null, c.eos_token_id ?? null);
  return JSON.stringify(g, null, 2) + '\n';
}

/** The folder's files, by name (no folder). */
export function savedFiles(run: SavedRun, m: ExportedModel): SavedFile[] {
  return [
    { name: 'config.json', bytes: strToU8(m.config) },
    { name: 'model.safetensors', bytes: m.safetensors },
    { name: 'tokenizer.json', bytes: strToU8(m.tokenizer) },
    { name: 'generation_config.json', bytes: strToU8(generationConfig(m.config)) },
    { name: 'README.md', bytes: strToU8(savedReadme(run)) },
  ];
}

/** One zip holding the files inside one folder named `folder`; the weights are stored, not deflated. */
export function zipSaved(folder: string, files: SavedFile[]): Uint8Array {
  return zipSync(
    Object.fromEntries(
      files.map((f) => [`${folder}/${f.name}`, [f.bytes, { level: f.name.endsWith('.safetensors') ? 0 : 6 }]]),
    ),
  );
}

/** The files as Explore's model worker takes dropped ones (each in a buffer of its own). */
export function filesForExplore(files: SavedFile[]): { name: string; buffer: ArrayBuffer }[] {
  return files.map((f) => ({ name: f.name, buffer: f.bytes.slice().buffer }));
}

/** The Balance lab's run: its controls, seed and curves. */
export function balanceRun(lab: BalanceLabState, step: number): SavedRun {
  const C = T.columns;
  return {
    lab: 'balance',
    model: lab.settings.model,
    step,
    settings: { ...lab.settings },
    columns: [C.step, C.lmLoss, C.expert, C.device, C.comm, C.maxLoad, C.dropped],
    rows: lab.points
      .filter((p) => p.step <= step)
      .map((p) => [p.step, p.lmLoss, p.expert, p.device, p.comm, p.maxLoad, p.dropShare]),
  };
}

/** The GRPO lab's run: its settings, seed and evaluation, and per step the mean reward, KL and held-out accuracy when measured. */
export function grpoRun(lab: GrpoLab, step: number): SavedRun {
  const C = T.columns;
  const acc = new Map(lab.evals.map((e) => [e.step, e.heldOut.accuracy]));
  return {
    lab: 'grpo',
    model: lab.modelName ?? 'model',
    step,
    settings: { ...lab.hyper, heldOut: lab.evaluation.heldOut, evalEvery: lab.evaluation.evalEvery },
    columns: [C.step, C.meanReward, C.kl, C.heldOut],
    rows: lab.history.filter((p) => p.step <= step).map((p) => [p.step, p.meanReward, p.kl, acc.get(p.step) ?? null]),
  };
}
