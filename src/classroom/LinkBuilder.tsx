/**
 * The classroom link builder: a URL that opens the app at a lesson step (or in its current state)
 * with chosen controls hidden and, if wanted, in presenter mode. Pure URL work is in urlState.ts.
 */
import { useId, useState } from 'react';
import { S } from '../strings';
import { useAppStore } from '../state/store';
import { encodeClassroom } from '../state/urlState';
import { HIDEABLE } from './controls';

export interface LinkBuilderProps {
  /** the open lesson and step, if any. */
  lessonId: string | null;
  step: number;
  /** the link's base; the page's address (read at each render) when omitted. */
  href?: string;
}

/** The classroom link for the builder's choices. */
export function buildClassroomLink(
  href: string,
  o: { lesson: string | null; step: number; hide: string[]; presenter: boolean; keepState: boolean },
): string {
  const url = new URL(href);
  const search = encodeClassroom({ lesson: o.lesson, step: o.step, hide: o.hide, presenter: o.presenter }, url.search);
  return `${url.origin}${url.pathname}${search}${o.keepState ? url.hash : ''}`;
}

export function LinkBuilder({ lessonId, step, href }: LinkBuilderProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [hide, setHide] = useState<string[]>([]);
  const [presenter, setPresenter] = useState(false);
  const [atStep, setAtStep] = useState(true);
  const [keepState, setKeepState] = useState(lessonId === null);
  const [copied, setCopied] = useState<string | null>(null);
  // while open, follow the app (its state is in the address's hash) so the link stays current
  useAppStore((s) => (open ? s : null));
  const link = buildClassroomLink(href ?? location.href, {
    lesson: lessonId,
    step: atStep ? step : 0,
    hide,
    presenter,
    keepState,
  });
  const toggle = (c: string, on: boolean) => setHide(on ? [...hide, c] : hide.filter((h) => h !== c));
  return (
    <div className="classroom-link">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {S.classroom.linkTitle}
      </button>
      <div id={id} hidden={!open} className="classroom-link-body">
        <p className="muted">{S.classroom.linkIntro}</p>
        {lessonId && (
          <fieldset className="row">
            <legend>{S.classroom.linkAt}</legend>
            <label>
              <input type="radio" name={`${id}-at`} checked={atStep} onChange={() => setAtStep(true)} />{' '}
              {S.classroom.linkThisStep}
            </label>
            <label>
              <input type="radio" name={`${id}-at`} checked={!atStep} onChange={() => setAtStep(false)} />{' '}
              {S.classroom.linkFirstStep}
            </label>
          </fieldset>
        )}
        <fieldset className="classroom-hide">
          <legend>{S.classroom.linkHide}</legend>
          {HIDEABLE.map((c) => (
            <label key={c.id}>
              <input type="checkbox" checked={hide.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />{' '}
              {c.label}
            </label>
          ))}
        </fieldset>
        <label>
          <input type="checkbox" checked={presenter} onChange={(e) => setPresenter(e.target.checked)} />{' '}
          {S.classroom.linkPresenter}
        </label>
        <label>
          <input type="checkbox" checked={keepState} onChange={(e) => setKeepState(e.target.checked)} />{' '}
          {S.classroom.linkState}
        </label>
        <div className="row">
          <label htmlFor={`${id}-url`}>{S.classroom.linkUrl}</label>
          <input id={`${id}-url`} className="classroom-url" readOnly value={link} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            onClick={() =>
              navigator.clipboard
                .writeText(link)
                .then(() => setCopied(S.classroom.copied))
                .catch(() => setCopied(S.classroom.copyFailed))
            }
          >
            {S.classroom.copy}
          </button>
          <span role="status">{copied}</span>
        </div>
      </div>
    </div>
  );
}
