/**
 * The open lesson: its title, the step's explanation, its question, and the step buttons. In
 * presenter mode the same panel is set in large type (classroom.css). Presentational: the
 * container (src/classroom/Classroom.tsx) feeds it from the stores.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { S } from '../strings';
import { Sym } from '../viz/common/Sym';
import { QuestionCard } from './QuestionCard';
import type { Lesson, LiveAnswer } from './types';

export interface LessonPanelProps {
  lesson: Lesson;
  /** the step shown, 0-based. */
  step: number;
  guess: string;
  revealed: boolean;
  /** the step question's live answer. */
  answer: LiveAnswer;
  /** whether the step's run (lab training) can start now. */
  runReady: boolean;
  presenter: boolean;
  onGuess: (text: string) => void;
  onReveal: () => void;
  onRun: () => void;
  onStep: (step: number) => void;
  onPresenter: (on: boolean) => void;
  onClose: () => void;
  /** extra controls under the step (the classroom link builder). */
  children?: ReactNode;
}

export function LessonPanel(p: LessonPanelProps) {
  const s = p.lesson.steps[p.step];
  const n = p.lesson.steps.length;
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(`${p.lesson.id}/${p.step}`);
  // a new step takes the focus to its title, so a screen reader reads the step from the top
  useEffect(() => {
    const key = `${p.lesson.id}/${p.step}`;
    if (key === shownStep.current) return;
    shownStep.current = key;
    heading.current?.focus();
  }, [p.step, p.lesson.id]);
  return (
    <section className={`panel lesson${p.presenter ? ' lesson-presenter' : ''}`} aria-label={S.classroom.panel}>
      {/* presenter mode zooms this box to the panel's height (src/classroom/usePresenterFit.ts) */}
      <div className="lesson-fit">
        <div className="lesson-top">
          <p className="lesson-title">{p.lesson.title}</p>
          <div className="row">
            <button type="button" aria-pressed={p.presenter} onClick={() => p.onPresenter(!p.presenter)}>
              {S.classroom.presenter}
            </button>
            <button type="button" onClick={p.onClose}>
              {S.classroom.close}
            </button>
          </div>
        </div>
        {p.presenter && <p className="lesson-hint muted">{S.classroom.presenterOn}</p>}
        <h2 ref={heading} tabIndex={-1} className="lesson-step-title">
          <span className="lesson-step-of">{S.classroom.stepOf(p.step + 1, n)}</span> {s.title}
        </h2>
        <p className="lesson-text">
          <Sym>{s.text}</Sym>
        </p>
        {s.run && (
          <p>
            <button type="button" className="lesson-primary" disabled={!p.runReady} onClick={p.onRun}>
              {s.run.label}
            </button>
          </p>
        )}
        <QuestionCard
          key={`${p.lesson.id}/${p.step}`}
          question={s.question}
          guess={p.guess}
          revealed={p.revealed}
          answer={p.answer}
          onGuess={p.onGuess}
          onReveal={p.onReveal}
        />
        <nav className="lesson-nav row" aria-label={S.classroom.steps}>
          <button type="button" disabled={p.step === 0} onClick={() => p.onStep(p.step - 1)} aria-keyshortcuts="PageUp">
            <span aria-hidden="true">◀ </span>
            {S.classroom.prev}
          </button>
          <ol className="lesson-dots">
            {p.lesson.steps.map((st, i) => (
              <li key={i}>
                <button
                  type="button"
                  aria-current={i === p.step ? 'step' : undefined}
                  aria-label={`${S.classroom.stepOf(i + 1, n)}: ${st.title}`}
                  onClick={() => p.onStep(i)}
                >
                  {i + 1}
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            disabled={p.step === n - 1}
            onClick={() => p.onStep(p.step + 1)}
            aria-keyshortcuts="PageDown"
          >
            {S.classroom.next}
            <span aria-hidden="true"> ▶</span>
          </button>
        </nav>
        {p.children}
      </div>
    </section>
  );
}
