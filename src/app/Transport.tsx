/**
 * Play, pause and step through the tokens; a timeline to scrub and a one-line strip of the tokens
 * to click, scrolled to keep the selected one in sight. The app keeps it in view as the page
 * scrolls (the sticky stepping bar).
 */
import { useEffect, useId, useRef } from 'react';
import type { TokenRecord } from '../session/records';
import { S } from '../strings';

export interface TransportProps {
  /** every token so far, prompt first. */
  records: readonly TokenRecord[];
  /** the token every view shows. */
  selected: number;
  playing: boolean;
  /** a token is being computed. */
  busy: boolean;
  /** no further token fits in the context. */
  contextFull: boolean;
  /** the last token ended the text and generation stops there. */
  endOfText: boolean;
  /** buttons and tokens only, no timeline slider (embed mode). */
  minimal?: boolean;
  onStepBack: () => void;
  onStepForward: () => void;
  onTogglePlay: () => void;
  onSelect: (index: number) => void;
}

export function Transport(p: TransportProps) {
  const n = p.records.length;
  const atEnd = p.selected >= n - 1;
  const timelineId = useId();
  const strip = useRef<HTMLOListElement>(null);
  const ended = p.contextFull || p.endOfText;
  // the strip is one line: scroll it (not the page) so the selected token is in sight
  // Scrolled in the next frame, with that frame's layout: reading offsets right after the commit
  // would force a layout inside the task that applied the token.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const ol = strip.current;
      const b = ol?.querySelector<HTMLElement>('button[aria-current]');
      if (!ol || !b) return;
      const left = b.offsetLeft - ol.offsetLeft;
      if (left < ol.scrollLeft) ol.scrollLeft = left;
      else if (left + b.offsetWidth > ol.scrollLeft + ol.clientWidth)
        ol.scrollLeft = left + b.offsetWidth - ol.clientWidth;
    });
    return () => cancelAnimationFrame(frame);
  }, [p.selected, n]);
  // The strip is one tab stop (the selected token). When the selection moves while a token has focus
  // (the ← / → shortcuts), focus follows it, except while playing: a focus move is announced, and
  // one per generated token is the chatter the status line avoids.
  useEffect(() => {
    const ol = strip.current;
    const focused = document.activeElement;
    if (p.playing || !ol || !focused || !ol.contains(focused) || focused.hasAttribute('aria-current')) return;
    ol.querySelector<HTMLButtonElement>('button[aria-current]')?.focus();
  }, [p.selected, p.playing]);
  return (
    <div className={`transport${p.minimal ? ' minimal' : ''}`}>
      <div className="row" role="group" aria-label={S.transport.group}>
        <button
          onClick={p.onStepBack}
          disabled={p.selected <= 0}
          aria-keyshortcuts="ArrowLeft"
          title={S.transport.backTitle}
        >
          <span aria-hidden="true">◀</span> <span className="label">{S.transport.back}</span>
        </button>
        <button
          onClick={p.onTogglePlay}
          disabled={n === 0 || (ended && !p.playing)}
          aria-keyshortcuts="Space"
          aria-pressed={p.playing}
          title={S.transport.playTitle}
        >
          <span aria-hidden="true">{p.playing ? '❚❚' : '▶'}</span>{' '}
          <span className="label">{p.playing ? S.transport.pause : S.transport.play}</span>
        </button>
        <button
          onClick={p.onStepForward}
          disabled={n === 0 || (atEnd && (ended || p.busy))}
          aria-keyshortcuts="ArrowRight"
          title={atEnd ? S.transport.generateTitle : S.transport.forwardTitle}
        >
          <span className="label">{atEnd ? S.transport.generate : S.transport.forward}</span>{' '}
          <span aria-hidden="true">{atEnd ? '▶|' : '▶'}</span>
        </button>
        {/* Announced after a step, once the token is computed (aria-busy); silent while playing,
            where a new token every few hundred ms would talk over everything else. */}
        <span className="muted position" aria-live={p.playing ? 'off' : 'polite'} aria-atomic="true" aria-busy={p.busy}>
          {n === 0 ? S.transport.none : S.transport.position(p.selected + 1, n)}
          {p.busy ? S.transport.computing : ''}
          {p.contextFull ? S.transport.contextFull : ''}
          {p.endOfText ? S.transport.endOfText : ''}
        </span>
      </div>
      {n > 0 && (
        <>
          {!p.minimal && (
            <>
              <label className="sr-only" htmlFor={timelineId}>
                {S.transport.timeline}
              </label>
              <input
                id={timelineId}
                type="range"
                min={0}
                max={n - 1}
                value={Math.max(0, p.selected)}
                onChange={(e) => p.onSelect(Number(e.target.value))}
                aria-valuetext={S.transport.timelineValue(p.selected + 1, n, p.records[p.selected]?.text ?? '')}
              />
            </>
          )}
          <ol className="token-strip" aria-label={S.transport.tokens} ref={strip}>
            {p.records.map((r) => (
              <li key={r.index}>
                <button
                  className={`token ${r.source}${r.index === p.selected ? ' selected' : ''}`}
                  aria-current={r.index === p.selected ? 'true' : undefined}
                  tabIndex={r.index === Math.max(0, p.selected) ? 0 : -1}
                  onClick={() => p.onSelect(r.index)}
                  title={S.transport.tokenTitle(r.index, r.id)}
                >
                  {r.text}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
