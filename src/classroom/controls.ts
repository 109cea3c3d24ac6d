/**
 * The parts of the app a classroom link can hide (as TensorFlow Playground's classroom links do):
 * each an id for the URL, a label for the link builder, and the CSS selector of what it hides.
 * The data tables (Show data) are never hidden: they are the charts' text alternative.
 */
import { S } from '../strings';

export interface HideableControl {
  id: string;
  label: string;
  selector: string;
}

/** A view, selected by its class (not its name, which a translation changes). */
const view = (id: string, name: string, cls: string): HideableControl => ({
  id: `view-${id}`,
  label: S.classroom.hideView(name),
  selector: `.views > .${cls}`,
});

export const HIDEABLE: HideableControl[] = [
  { id: 'prompt', label: S.classroom.hide.prompt, selector: '.prompt-bar' },
  { id: 'transport', label: S.classroom.hide.transport, selector: '.transport' },
  { id: 'sampling', label: S.classroom.hide.sampling, selector: '.sampling' },
  { id: 'interventions', label: S.classroom.hide.interventions, selector: '.nt-controls' },
  { id: 'tabs', label: S.classroom.hide.tabs, selector: '.page-tabs' },
  { id: 'export', label: S.classroom.hide.export, selector: '.viz-export' },
  { id: 'theme', label: S.classroom.hide.theme, selector: '.theme-toggle' },
  { id: 'lesson-nav', label: S.classroom.hide.lessonNav, selector: '.lesson-nav' },
  view('next', 'Next token', 'nt'),
  view('kv', 'KV cache', 'kv'),
  view('attention', 'Attention', 'att-view'),
  view('routing', 'Expert routing', 'rt-view'),
  view('balance', 'Load balance', 'lb'),
  view('architecture', 'Architecture', 'arch'),
];

export const isHideable = (id: string) => HIDEABLE.some((c) => c.id === id);

/** A stylesheet that hides the given controls. */
export function hiddenCss(ids: readonly string[]): string {
  const selectors = HIDEABLE.filter((c) => ids.includes(c.id)).map((c) => c.selector);
  return selectors.length ? `${selectors.join(',\n')} { display: none !important; }` : '';
}
