/**
 * The classroom's own state, beside the app's store: the open lesson and step, each step's guess
 * and whether its answer is shown, presenter mode, and the controls a classroom link hides.
 * Moving to a step applies its setup to the app (applyStep.ts).
 */
import { create } from 'zustand';
import { applyStepSetup } from './applyStep';
import { lessonById } from './index';
import type { Lesson, StepSetup } from './types';

export interface LessonState {
  /** the open lesson's id; null when none is open. */
  lessonId: string | null;
  /** the step shown, 0-based. */
  step: number;
  /** what the class predicted, per "lesson/step". */
  guesses: Record<string, string>;
  /** steps whose answer is shown. */
  revealed: Record<string, boolean>;
  presenter: boolean;
  /** control ids a classroom link hides (src/classroom/controls.ts). */
  hidden: string[];
  open: (id: string, step?: number) => void;
  close: () => void;
  goTo: (step: number) => void;
  next: () => void;
  prev: () => void;
  guess: (text: string) => void;
  reveal: () => void;
  setPresenter: (on: boolean) => void;
  setHidden: (ids: string[]) => void;
}

/**
 * The state step `at` needs: its own setup over those of the steps before it, so a link (or a
 * jump) straight to a later step still gets the lesson's prompt, tokens and lab settings.
 */
export function setupAt(l: Lesson, at: number): StepSetup {
  return Object.assign({}, ...l.steps.slice(0, at + 1).map((s) => s.setup)) as StepSetup;
}

/** The key of a step in guesses and revealed. */
export const stepKey = (lessonId: string, step: number) => `${lessonId}/${step}`;

export const useLessonStore = create<LessonState>()((set, get) => {
  const lesson = (): Lesson | undefined => (get().lessonId ? lessonById(get().lessonId!) : undefined);
  const enter = (l: Lesson, step: number) => {
    const at = Math.max(0, Math.min(step, l.steps.length - 1));
    set({ lessonId: l.id, step: at });
    applyStepSetup(setupAt(l, at));
  };
  return {
    lessonId: null,
    step: 0,
    guesses: {},
    revealed: {},
    presenter: false,
    hidden: [],
    open: (id, step = 0) => {
      const l = lessonById(id);
      if (l) enter(l, step);
    },
    close: () => set({ lessonId: null, step: 0, presenter: false }),
    goTo: (step) => {
      const l = lesson();
      if (l && step >= 0 && step < l.steps.length && step !== get().step) enter(l, step);
    },
    next: () => get().goTo(get().step + 1),
    prev: () => get().goTo(get().step - 1),
    guess: (text) => {
      const id = get().lessonId;
      if (id) set({ guesses: { ...get().guesses, [stepKey(id, get().step)]: text } });
    },
    reveal: () => {
      const id = get().lessonId;
      if (id) set({ revealed: { ...get().revealed, [stepKey(id, get().step)]: true } });
    },
    setPresenter: (presenter) => set({ presenter }),
    setHidden: (hidden) => set({ hidden }),
  };
});
