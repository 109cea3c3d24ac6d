/**
 * Keeps the URL hash in step with the shareable state, and restores that state from the hash
 * on start-up (the worker then replays the prompt to the same token count with the same seed).
 */
import { useEffect } from 'react';
import { generatedCount } from '../state/sessionSlice';
import { useAppStore, type AppState } from '../state/store';
import { S } from '../strings';
import { encodeUrlState, readUrlState } from '../state/urlState';
import { EXPLORE, isPageId } from './pages';

/**
 * Applies a hash to the store before the model loads; returns the token to select once replayed.
 * Numbers out of range are left at their defaults, and the page says which (linkNotice).
 */
export function restoreFromHash(hash: string): number | null {
  const { state: u, refused } = readUrlState(hash);
  const set = useAppStore.setState;
  set({ linkNotice: refused.length ? S.link.refused(refused) : null });
  if (u.prompt !== undefined) useAppStore.getState().setPrompt(u.prompt); // capped as typed text is
  if (u.seed !== undefined) set({ seed: u.seed });
  if (u.sampling) set({ sampling: u.sampling });
  if (u.generated !== undefined) set({ target: u.generated });
  if (u.layer !== undefined) set({ layer: u.layer });
  if (u.view) set({ view: u.view });
  if (u.showAll !== undefined) set({ showAll: u.showAll });
  if (u.pastEnd !== undefined) set({ pastEnd: u.pastEnd });
  if (u.page && isPageId(u.page)) set({ page: u.page });
  return u.selected ?? null;
}

/**
 * The link to the tokens on screen: the prompt, seed and sampling of the run that made them (a
 * control moved since applies to the next run), and how far it went past the end of text.
 */
export function shareHash(s: AppState): string {
  const ran = s.ran ?? s;
  const pastEos = s.records.some((r, i) => r.endOfText === true && i < s.records.length - 1);
  return encodeUrlState({
    prompt: ran.prompt,
    seed: ran.seed,
    sampling: ran.sampling,
    generated: generatedCount(s.records),
    selected: s.selected,
    layer: s.layer,
    view: s.view,
    showAll: s.showAll,
    pastEnd: s.pastEnd || pastEos,
    page: s.page,
  });
}

/** While tokens play the hash is written at most this often (and at once when they stop). */
const PLAYING_WRITE_MS = 1000;

export function useUrlSync(pendingSelection: { current: number | null }): void {
  useEffect(() => {
    // history.replaceState costs a few ms each time: once per played token it was a visible share
    // of the main thread's work while playing.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const write = () => {
      timer = null;
      const s = useAppStore.getState();
      if (pendingSelection.current !== null || s.records.length === 0) return;
      const hash = shareHash(s);
      if (hash !== location.hash) history.replaceState(null, '', hash);
    };
    const unsubscribe = useAppStore.subscribe((s) => {
      // once a restored session has replayed its tokens, select the token the link named
      if (
        pendingSelection.current !== null &&
        !s.busy &&
        s.records.length > 0 &&
        generatedCount(s.records) >= s.target
      ) {
        const sel = pendingSelection.current;
        pendingSelection.current = null;
        s.select(sel);
        return;
      }
      if (pendingSelection.current !== null) return;
      if (s.records.length === 0) {
        // before any tokens only a lab page is worth sharing
        const hash = `#page=${s.page}`;
        if (s.page !== EXPLORE && hash !== location.hash) history.replaceState(null, '', hash);
        return;
      }
      if (s.playing) timer ??= setTimeout(write, PLAYING_WRITE_MS);
      else {
        if (timer !== null) clearTimeout(timer);
        write();
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [pendingSelection]);
}
