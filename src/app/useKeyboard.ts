/**
 * On the Explore page ← and → step through the tokens, space plays and pauses; keys typed into a
 * field are left alone (but ← and → on a checkbox, where they do nothing, still step).
 */
import { useEffect } from 'react';
import { useAppStore } from '../state/store';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

const isCheckbox = (t: HTMLElement | null) => t instanceof HTMLInputElement && t.type === 'checkbox';

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const arrow = e.key === 'ArrowLeft' || e.key === 'ArrowRight';
      const typing =
        target && (TYPING.has(target.tagName) || target.isContentEditable) && !(arrow && isCheckbox(target));
      if (e.altKey || e.ctrlKey || e.metaKey || typing) return;
      const s = useAppStore.getState();
      if (s.page !== 'explore') return; // the labs have keys of their own
      if (e.key === 'ArrowLeft') s.stepBack();
      else if (e.key === 'ArrowRight') s.stepForward();
      else if (e.key === ' ' && !(target instanceof HTMLButtonElement)) s.togglePlay();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
