/** On the Explore page ← and → step through the tokens, space plays and pauses; keys typed into a field are left alone. */
import { useEffect } from 'react';
import { useAppStore } from '../state/store';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.altKey || e.ctrlKey || e.metaKey || (target && (TYPING.has(target.tagName) || target.isContentEditable))) {
        return;
      }
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
