/**
 * The parts of the app a classroom link can hide (as TensorFlow Playground's classroom links do):
 * each an id for the URL, a label for the link builder, and the CSS selector of what it hides.
 * The data tables (Show data) are never hidden: they are the charts' text alternative.
 */
import { S } from '../strings';
import { EXPLORE_VIEWS, type ExploreView } from '../app/viewRegistry';

export interface HideableControl {
  id: string;
  label: string;
  selector: string;
}

/** A view and its button in the details menu, selected by class and id (not by name, which a translation changes). */
const view = (v: Pick<ExploreView, 'id' | 'label' | 'cls'>): HideableControl => ({
  id: `view-${v.id}`,
  label: S.classroom.hideView(v.label),
  selector: `.views > .${v.cls}, .view-menu [data-view='${v.id}']`,
});

export const HIDEABLE: HideableControl[] = [
  { id: 'prompt', label: S.classroom.hide.prompt, selector: '.prompt-bar' },
  { id: 'transport', label: S.classroom.hide.transport, selector: '.stepping' },
  { id: 'sampling', label: S.classroom.hide.sampling, selector: '.sampling-box' },
  { id: 'interventions', label: S.classroom.hide.interventions, selector: '.nt-controls' },
  { id: 'tabs', label: S.classroom.hide.tabs, selector: '.page-tabs' },
  { id: 'export', label: S.classroom.hide.export, selector: '.viz-export' },
  { id: 'theme', label: S.classroom.hide.theme, selector: '.theme-toggle' },
  { id: 'lesson-nav', label: S.classroom.hide.lessonNav, selector: '.lesson-nav' },
  ...EXPLORE_VIEWS.map(view),
];

export const isHideable = (id: string) => HIDEABLE.some((c) => c.id === id);

/** A stylesheet that hides the given controls. */
export function hiddenCss(ids: readonly string[]): string {
  const selectors = HIDEABLE.filter((c) => ids.includes(c.id)).map((c) => c.selector);
  return selectors.length ? `${selectors.join(',\n')} { display: none !important; }` : '';
}
