/**
 * Puts the app in a step's state through the store's actions: page, layer, view, prompt and
 * tokens, lab settings. A prompt that already ran with enough tokens is not run again, and the
 * token to select waits until the tokens are in (`pendingSelect`, applied by `followSelection`).
 */
import { generatedCount } from '../state/sessionSlice';
import { useAppStore, type AppState } from '../state/store';
import type { StepSetup } from './types';

type Store = typeof useAppStore;

/** The selection a step asked for, applied once its tokens have arrived. */
let pendingSelect: { select: number | 'last'; generated: number } | null = null;

export function applyStepSetup(setup: StepSetup, store: Store = useAppStore): void {
  const s = store.getState();
  if (setup.page !== undefined && s.page !== setup.page) s.setPage(setup.page);
  if (setup.layer !== undefined) s.setLayer(setup.layer);
  if (setup.view !== undefined && setup.view !== s.view) s.openView(setup.view); // scrolls only when it changes
  if (setup.labPreset) s.labApplyPreset(setup.labPreset);
  if (setup.labSettings) store.getState().labSetSettings(setup.labSettings);
  if (setup.grpo) s.grpoSetHyper(setup.grpo);
  const want = setup.generate ?? 0;
  if (setup.prompt !== undefined) {
    const same = s.prompt === setup.prompt && s.records.length > 0;
    if (!same || generatedCount(s.records) < want) {
      if (s.playing) s.pause();
      if (s.prompt !== setup.prompt) s.setPrompt(setup.prompt);
      if (s.loadState === 'ready') store.getState().start(want);
      else store.setState({ target: want }); // the model's 'loaded' event runs the prompt
    }
  }
  pendingSelect = setup.select === undefined ? null : { select: setup.select, generated: want };
  followSelection(store.getState(), store);
}

/** Selects the step's token once its tokens are in; call on every store change. */
export function followSelection(s: AppState, store: Store = useAppStore): void {
  if (!pendingSelect || s.busy || s.records.length === 0 || generatedCount(s.records) < pendingSelect.generated) return;
  const { select } = pendingSelect;
  pendingSelect = null;
  const index = select === 'last' ? s.records.length - 1 : select;
  if (s.selected !== index) store.getState().select(index);
}
