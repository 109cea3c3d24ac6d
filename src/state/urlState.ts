/**
 * The shareable part of the state lives in the URL hash, as in TensorFlow Playground: prompt,
 * seed, sampling, how many tokens were generated, the selected token, the layer and the view.
 * Opening the link replays the same prompt with the same seed, so it gets the same tokens.
 */
import type { SamplingOptions } from '../model/sampling';
import type { ViewName } from './viewSlice';

export interface UrlState {
  prompt: string;
  seed: number;
  sampling: SamplingOptions;
  /** generated tokens to replay. */
  generated: number;
  selected: number;
  layer: number;
  view: ViewName | null;
  /** the page shown, when it is not 'explore'. */
  page?: string;
}

const VIEWS: ViewName[] = ['architecture', 'kv', 'attention', 'routing', 'balance', 'next'];

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
  if (s.view) p.set('view', s.view);
  if (s.page && s.page !== 'explore') p.set('page', s.page);
  return '#' + p.toString();
}

/** Reads what it can from a hash; fields that are missing or malformed are left out. */
export function decodeUrlState(hash: string): Partial<UrlState> {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<UrlState> = {};
  const num = (k: string, ok: (n: number) => boolean) => {
    const v = p.get(k);
    if (v === null || v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) && ok(n) ? n : undefined;
  };
  const int = (n: number) => Number.isInteger(n) && n >= 0;
  const prompt = p.get('prompt');
  if (prompt !== null) out.prompt = prompt;
  const seed = num('seed', Number.isInteger);
  if (seed !== undefined) out.seed = seed;
  const temperature = num('temp', (n) => n >= 0 && n <= 5);
  const topK = num('topk', int);
  const topP = num('topp', (n) => n > 0 && n <= 1);
  if (temperature !== undefined && topK !== undefined && topP !== undefined) out.sampling = { temperature, topK, topP };
  const generated = num('n', int);
  if (generated !== undefined) out.generated = Math.min(generated, 4096);
  const selected = num('sel', int);
  if (selected !== undefined) out.selected = selected;
  const layer = num('layer', int);
  if (layer !== undefined) out.layer = layer;
  const view = p.get('view') as ViewName | null;
  if (view && VIEWS.includes(view)) out.view = view;
  const page = p.get('page');
  if (page && /^[a-z][a-z0-9-]*$/.test(page)) out.page = page;
  return out;
}
