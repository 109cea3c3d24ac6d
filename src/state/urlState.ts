/**
 * The shareable part of the state lives in the URL hash, as in TensorFlow Playground: prompt,
 * seed, sampling, whether generation goes past the end of text, how many tokens were generated,
 * the selected token, the layer, the detail view and whether every view is shown.
 * Opening the link replays the same prompt with the same seed, so it gets the same tokens.
 */
import type { SamplingOptions } from '../model/sampling';
import { isDetailId, type DetailId } from '../app/viewRegistry';

export interface UrlState {
  prompt: string;
  seed: number;
  sampling: SamplingOptions;
  /** generated tokens to replay. */
  generated: number;
  selected: number;
  layer: number;
  /** the detail view shown. */
  view: DetailId;
  /** every detail view shown at once (`all=1`). */
  showAll?: boolean;
  /** generation goes on after the end-of-text token (`pasteos=1`). */
  pastEnd?: boolean;
  /** the page shown, when it is not 'explore'. */
  page?: string;
}

export function encodeUrlState(s: UrlState): string {
  const p = new URLSearchParams();
  p.set('prompt', s.prompt);
  p.set('seed', String(s.seed));
  p.set('temp', String(s.sampling.temperature));
  p.set('topk', String(s.sampling.topK));
  p.set('topp', String(s.sampling.topP));
  p.set('n', String(s.generated));
  p.set('sel', String(s.selected));
  p.set('layer', String(s.layer));
  if (s.pastEnd) p.set('pasteos', '1');
  p.set('view', s.view);
  if (s.showAll) p.set('all', '1');
  if (s.page && s.page !== 'explore') p.set('page', s.page);
  return '#' + p.toString();
}

/** The range each number of a link must be in (a value outside it is refused, never passed on). */
export const URL_NUMBER_RANGES = {
  seed: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true },
  temp: { min: 0, max: 5, integer: false },
  topk: { min: 0, max: 100_000, integer: true },
  topp: { min: Number.MIN_VALUE, max: 1, integer: false },
  n: { min: 0, max: 4096, integer: true },
  sel: { min: 0, max: 1_000_000, integer: true },
  layer: { min: 0, max: 1023, integer: true },
} as const;

export type UrlNumberKey = keyof typeof URL_NUMBER_RANGES;

/** A number of a link that was refused: its key, the text it had, and the range it must be in. */
export interface UrlRefusal {
  key: UrlNumberKey;
  value: string;
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Reads what it can from a hash. A number outside its range (URL_NUMBER_RANGES) is refused and
 * listed, so the page can say so; other fields that are missing or malformed are left out.
 */
export function readUrlState(hash: string): { state: Partial<UrlState>; refused: UrlRefusal[] } {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<UrlState> = {};
  const refused: UrlRefusal[] = [];
  const num = (key: UrlNumberKey) => {
    const v = p.get(key);
    if (v === null || v.trim() === '') return undefined;
    const n = Number(v);
    const r = URL_NUMBER_RANGES[key];
    if (Number.isFinite(n) && n >= r.min && n <= r.max && (!r.integer || Number.isInteger(n))) return n;
    refused.push({ key, value: v.slice(0, 24), ...r });
    return undefined;
  };
  const prompt = p.get('prompt');
  if (prompt !== null) out.prompt = prompt;
  const seed = num('seed');
  if (seed !== undefined) out.seed = seed;
  const temperature = num('temp');
  const topK = num('topk');
  const topP = num('topp');
  if (temperature !== undefined && topK !== undefined && topP !== undefined) out.sampling = { temperature, topK, topP };
  const generated = num('n');
  if (generated !== undefined) out.generated = generated;
  const selected = num('sel');
  if (selected !== undefined) out.selected = selected;
  const layer = num('layer');
  if (layer !== undefined) out.layer = layer;
  const view = p.get('view');
  if (view && isDetailId(view)) out.view = view;
  if (p.has('all')) out.showAll = p.get('all') === '1';
  if (p.has('pasteos')) out.pastEnd = p.get('pasteos') === '1';
  const page = p.get('page');
  if (page && /^[a-z][a-z0-9-]*$/.test(page)) out.page = page;
  return { state: out, refused };
}

/** Reads what it can from a hash; fields that are missing, malformed or out of range are left out. */
export function decodeUrlState(hash: string): Partial<UrlState> {
  return readUrlState(hash).state;
}

/**
 * A classroom link's part of the URL, in the query string so the hash can keep the app state:
 * the lesson and step to open (`lesson=mla&step=2`, steps counted from 1), the controls to hide
 * (`hide=prompt,sampling`) and presenter mode (`presenter=1`).
 */
export interface ClassroomUrl {
  lesson: string | null;
  /** 0-based. */
  step: number;
  hide: string[];
  presenter: boolean;
}

const CLASSROOM_KEYS = ['lesson', 'step', 'hide', 'presenter'];
/** No lesson has more steps; a larger `step=` opens the first step. */
const MAX_LESSON_STEP = 99;
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** The query string for `c`, keeping the other parameters of `search` (such as `backend`). */
export function encodeClassroom(c: ClassroomUrl, search = ''): string {
  const p = new URLSearchParams(search);
  for (const k of CLASSROOM_KEYS) p.delete(k);
  if (c.lesson) {
    p.set('lesson', c.lesson);
    if (c.step > 0) p.set('step', String(c.step + 1));
  }
  const hide = c.hide.filter((h) => ID.test(h));
  if (hide.length) p.set('hide', hide.join(','));
  if (c.presenter) p.set('presenter', '1');
  const s = p.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

/** Reads a classroom link's query; what is missing or malformed is left at its default. */
export function decodeClassroom(search: string): ClassroomUrl {
  const p = new URLSearchParams(search);
  const lesson = p.get('lesson');
  const step = Number(p.get('step'));
  return {
    lesson: lesson && ID.test(lesson) ? lesson : null,
    step: Number.isInteger(step) && step >= 1 && step <= MAX_LESSON_STEP ? step - 1 : 0,
    hide: (p.get('hide') ?? '').split(',').filter((h) => ID.test(h)),
    presenter: p.get('presenter') === '1',
  };
}
