/** Play, pause and step through the tokens; a timeline of the tokens to scrub and click. */
import type { TokenRecord } from '../session/records';

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
  onStepBack: () => void;
  onStepForward: () => void;
  onTogglePlay: () => void;
  onSelect: (index: number) => void;
}

export function Transport(p: TransportProps) {
  const n = p.records.length;
  const atEnd = p.selected >= n - 1;
  return (
    <div className="transport">
      <div className="row" role="toolbar" aria-label="Token stepping">
        <button
          onClick={p.onStepBack}
          disabled={p.selected <= 0}
          aria-keyshortcuts="ArrowLeft"
          title="Previous token (←)"
        >
          ◀ Back
        </button>
        <button
          onClick={p.onTogglePlay}
          disabled={n === 0 || (p.contextFull && !p.playing)}
          aria-keyshortcuts="Space"
          aria-pressed={p.playing}
          title="Generate continuously (space)"
        >
          {p.playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button
          onClick={p.onStepForward}
          disabled={n === 0 || (atEnd && (p.contextFull || p.busy))}
          aria-keyshortcuts="ArrowRight"
          title={atEnd ? 'Generate one token (→)' : 'Next token (→)'}
        >
          {atEnd ? 'Generate ▶|' : 'Forward ▶'}
        </button>
        <span className="muted" aria-live="polite">
          {n === 0 ? 'No tokens yet' : `Token ${p.selected + 1} of ${n}`}
          {p.busy ? ' · computing…' : ''}
          {p.contextFull ? ' · context full' : ''}
        </span>
      </div>
      {n > 0 && (
        <>
          <label className="sr-only" htmlFor="timeline">
            Selected token
          </label>
          <input
            id="timeline"
            type="range"
            min={0}
            max={n - 1}
            value={Math.max(0, p.selected)}
            onChange={(e) => p.onSelect(Number(e.target.value))}
            aria-valuetext={`token ${p.selected + 1}: ${p.records[p.selected]?.text ?? ''}`}
          />
          <ol className="token-strip" aria-label="Tokens">
            {p.records.map((r) => (
              <li key={r.index}>
                <button
                  className={`token ${r.source}${r.index === p.selected ? ' selected' : ''}`}
                  aria-current={r.index === p.selected ? 'true' : undefined}
                  onClick={() => p.onSelect(r.index)}
                  title={`position ${r.index}, id ${r.id}`}
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
