/**
 * The classroom layer of the app: the Lessons button and list, the open lesson's panel, presenter
 * mode, the link builder, and what a classroom link asks for (lesson, step, hidden controls,
 * presenter mode), read from the URL's query once at start and written back as the step moves.
 */
import { useEffect, useState } from 'react';
import { S } from '../strings';
import { EXPLORE } from '../app/pages';
import { followSelection } from '../lessons/applyStep';
import { LESSONS, lessonById } from '../lessons';
import { LessonPanel } from '../lessons/LessonPanel';
import { LessonPicker } from '../lessons/LessonPicker';
import { stepKey, useLessonStore } from '../lessons/lessonStore';
import { useLessonKeys } from '../lessons/useLessonKeys';
import { useAppStore } from '../state/store';
import { decodeClassroom, encodeClassroom } from '../state/urlState';
import { hiddenCss, isHideable } from './controls';
import { LinkBuilder } from './LinkBuilder';
import { usePresenterFit } from './usePresenterFit';
import './classroom.css';

/** Applies a classroom link's query to the lesson store (call once, at start). */
export function restoreClassroom(search: string): void {
  const c = decodeClassroom(search);
  const l = useLessonStore.getState();
  l.setHidden(c.hide.filter(isHideable));
  if (c.lesson && lessonById(c.lesson)) {
    l.open(c.lesson, c.step);
    l.setPresenter(c.presenter);
  }
}

export function Classroom() {
  const l = useLessonStore();
  // the app's whole state only while a lesson is open (its answers read it): with none open,
  // generating tokens does not re-render the classroom
  const app = useAppStore((s) => (l.lessonId ? s : null));
  const [picking, setPicking] = useState(false);
  useLessonKeys({
    active: l.lessonId !== null,
    next: l.next,
    prev: l.prev,
    leavePresenter: l.presenter ? () => l.setPresenter(false) : undefined,
  });
  // a step's token is selected once its tokens are in
  useEffect(() => useAppStore.subscribe((s) => followSelection(s)), []);
  const lesson = l.lessonId ? lessonById(l.lessonId) : undefined;
  const step = lesson?.steps[l.step];

  // presenter mode and the step's view, for classroom.css
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('presenter', l.presenter && !!lesson);
    if (step?.setup.view && (step.setup.page ?? EXPLORE) === EXPLORE) root.dataset.lessonView = step.setup.view;
    else delete root.dataset.lessonView;
    if (step?.focus) root.dataset.lessonFocus = step.focus;
    else delete root.dataset.lessonFocus;
  }, [l.presenter, lesson, step]);
  usePresenterFit(l.presenter && !!lesson);

  // the URL's query follows the lesson, the step, the hidden controls and presenter mode
  useEffect(() => {
    const search = encodeClassroom(
      { lesson: l.lessonId, step: l.step, hide: l.hidden, presenter: l.presenter && !!lesson },
      location.search,
    );
    if (search !== location.search)
      history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }, [l.lessonId, l.step, l.hidden, l.presenter, lesson]);

  const css = hiddenCss(l.hidden);
  const styleTag = css ? <style data-testid="classroom-hidden">{css}</style> : null;
  if (!lesson || !step) {
    return (
      <div className="classroom-bar">
        {styleTag}
        <div className="row">
          <button type="button" aria-expanded={picking} onClick={() => setPicking(!picking)}>
            {S.classroom.lessons}
          </button>
          <LinkBuilder lessonId={null} step={0} />
        </div>
        {picking && (
          <LessonPicker
            lessons={LESSONS}
            onOpen={(id) => {
              setPicking(false);
              l.open(id);
            }}
          />
        )}
      </div>
    );
  }
  const key = stepKey(lesson.id, l.step);
  const revealed = l.revealed[key] ?? false;
  return (
    <>
      {styleTag}
      <LessonPanel
        lesson={lesson}
        step={l.step}
        guess={l.guesses[key] ?? ''}
        revealed={revealed}
        answer={revealed && app ? step.question.answer(app) : { kind: 'waiting', why: '' }}
        runReady={app ? (step.run?.ready(app) ?? false) : false}
        presenter={l.presenter}
        onGuess={l.guess}
        onReveal={l.reveal}
        onRun={() => step.run?.act(useAppStore.getState())}
        onStep={l.goTo}
        onPresenter={l.setPresenter}
        onClose={l.close}
      >
        <LinkBuilder lessonId={lesson.id} step={l.step} />
      </LessonPanel>
    </>
  );
}
