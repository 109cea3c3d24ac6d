/**
 * A step's predict-then-check question: a number box or a few choices, then the answer the model
 * gives, beside the prediction. Presentational: the answer comes in as a prop, computed live.
 */
import { useId, useState } from 'react';
import { S } from '../strings';
import { Sym } from '../viz/common/Sym';
import { isClose, parseGuess } from './live';
import type { LiveAnswer, Question } from './types';

export interface QuestionCardProps {
  question: Question;
  /** the prediction so far ('' for none; for choices, the chosen index as text). */
  guess: string;
  /** the answer is shown. */
  revealed: boolean;
  /** the live answer (computed whenever the card renders while revealed). */
  answer: LiveAnswer;
  onGuess: (text: string) => void;
  onReveal: () => void;
}

/** Whether the prediction matches the answer; null when there is no prediction to judge. */
export function judge(guess: string, answer: LiveAnswer): boolean | null {
  if (guess === '' || answer.kind === 'waiting') return null;
  if (answer.kind === 'choice') return Number(guess) === answer.index;
  const g = parseGuess(guess);
  return g === null ? null : isClose(g, answer.value, answer.tolerance ?? 0);
}

export function QuestionCard({ question, guess, revealed, answer, onGuess, onReveal }: QuestionCardProps) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const check = () => {
    if (guess.trim() === '') return setProblem(S.classroom.needGuess);
    if (question.kind === 'number' && parseGuess(guess) === null) return setProblem(S.classroom.badNumber(guess));
    setProblem(null);
    onReveal();
  };
  const verdict = revealed ? judge(guess, answer) : null;
  const guessText =
    question.kind === 'choice' && guess !== '' ? (question.choices?.[Number(guess)] ?? guess) : guess.trim();
  return (
    <form
      className="lesson-question"
      onSubmit={(e) => {
        e.preventDefault();
        check();
      }}
    >
      <fieldset>
        <legend className="lesson-q">
          <Sym>{question.prompt}</Sym>
        </legend>
        {question.kind === 'number' ? (
          <div className="lesson-number">
            <label htmlFor={`${id}-n`} className="sr-only">
              {S.classroom.yourGuess}
            </label>
            <input
              id={`${id}-n`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={guess}
              aria-describedby={problem ? `${id}-problem` : undefined}
              aria-invalid={problem ? true : undefined}
              onChange={(e) => onGuess(e.target.value)}
            />
            {question.unit && <span className="lesson-unit">{question.unit}</span>}
          </div>
        ) : (
          <div className="lesson-choices">
            {question.choices?.map((c, i) => (
              <label key={i}>
                <input
                  type="radio"
                  name={`${id}-choice`}
                  value={i}
                  checked={guess === String(i)}
                  onChange={() => onGuess(String(i))}
                />{' '}
                <Sym>{c}</Sym>
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="row">
        <button type="submit" className="lesson-primary">
          {S.classroom.check}
        </button>
        <button type="button" onClick={onReveal}>
          {S.classroom.justShow}
        </button>
      </div>
      {problem && (
        <p id={`${id}-problem`} className="notice error" role="alert">
          {problem}
        </p>
      )}
      <div className="lesson-answer" role="status" aria-live="polite">
        {revealed &&
          (answer.kind === 'waiting' ? (
            <p className="muted">{S.classroom.waiting(answer.why)}</p>
          ) : (
            <>
              <p className="lesson-verdict">
                {verdict === true && <strong className="lesson-right">{S.classroom.right} </strong>}
                {verdict === false && <strong className="lesson-wrong">{S.classroom.wrong} </strong>}
                {S.classroom.modelSays}:{' '}
                <strong data-testid="lesson-answer">
                  {answer.kind === 'number' ? answer.shown : question.choices?.[answer.index]}
                </strong>
                . {guessText ? S.classroom.yourWas(guessText) : S.classroom.noGuess}
              </p>
              <p>
                <Sym>{answer.explain}</Sym>
              </p>
            </>
          ))}
      </div>
    </form>
  );
}
