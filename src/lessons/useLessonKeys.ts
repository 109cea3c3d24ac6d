/**
 * The lesson's keys: PageDown and PageUp (what a presentation clicker sends) move through the
 * steps, Escape leaves presenter mode. Keys typed into a field are left alone.
 */
import { useEffect, useRef } from 'react';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export interface LessonKeys {
  /** false while no lesson is open: every key is left alone. */
  active: boolean;
  next: () => void;
  prev: () => void;
  /** Escape; omit while presenter mode is off. */
  leavePresenter?: () => void;
}

export function useLessonKeys(keys: LessonKeys): void {
  const current = useRef(keys);
  useEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = current.current;
      const t = e.target as HTMLElement | null;
      if (!k.active || e.altKey || e.ctrlKey || e.metaKey || (t && (TYPING.has(t.tagName) || t.isContentEditable)))
        return;
      if (e.key === 'PageDown') k.next();
      else if (e.key === 'PageUp') k.prev();
      else if (e.key === 'Escape' && k.leavePresenter) k.leavePresenter();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
