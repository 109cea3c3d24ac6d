/** The prompt: type one or pick an example, then run it through the model. */
import { useId } from 'react';
import { PROMPT_MAX_CHARS } from '../state/promptCap';
import { S } from '../strings';

export const EXAMPLE_PROMPTS = [
  'Once upon a time, there was a little rabbit who',
  'Alice was beginning to get very tired of',
  'The old fox looked at the moon and said,',
  '37+48=',
  '12+25=',
];

export interface PromptBarProps {
  prompt: string;
  /** the model is ready to take a prompt. */
  ready: boolean;
  /** prompt tokens dropped to fit the context, from the last run. */
  truncated: number;
  /** characters cut from the last text put in the box, over PROMPT_MAX_CHARS. */
  cut: number;
  /** what went wrong with the last prompt or token, if anything. */
  error: string | null;
  onChange: (prompt: string) => void;
  onRun: () => void;
}

export function PromptBar({ prompt, ready, truncated, cut, error, onChange, onRun }: PromptBarProps) {
  const id = useId();
  return (
    <form
      className="prompt-bar"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onRun();
      }}
    >
      <label htmlFor={`${id}-prompt`}>{S.prompt.label}</label>
      <span id={`${id}-keys`} className="sr-only">
        {S.prompt.keys}
      </span>
      <div className="row">
        <textarea
          id={`${id}-prompt`}
          rows={2}
          value={prompt}
          aria-describedby={`${id}-keys`}
          onChange={(e) => onChange(e.target.value)}
          onPaste={(e) => {
            // a paste over the cap goes straight to the store (which cuts it), never whole into the box
            const t = e.currentTarget;
            const text =
              t.value.slice(0, t.selectionStart) + e.clipboardData.getData('text') + t.value.slice(t.selectionEnd);
            if (text.length <= PROMPT_MAX_CHARS) return;
            e.preventDefault();
            onChange(text);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              if (ready) onRun();
            }
          }}
        />
        <div className="col">
          <button type="submit" disabled={!ready}>
            {S.prompt.run}
          </button>
          <label className="sr-only" htmlFor={`${id}-examples`}>
            {S.prompt.examples}
          </label>
          <select
            id={`${id}-examples`}
            value=""
            onChange={(e) => {
              if (e.target.value) onChange(e.target.value);
            }}
          >
            <option value="">{S.prompt.examplesPlaceholder}</option>
            {EXAMPLE_PROMPTS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      {/* Always in the page, so the notice is announced when it appears, not only when it changes. */}
      <div role="status">
        {cut > 0 && <p className="notice">{S.prompt.cut(cut, PROMPT_MAX_CHARS)}</p>}
        {truncated > 0 && <p className="notice">{S.prompt.truncated(truncated)}</p>}
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
