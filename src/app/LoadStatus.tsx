/** Model loading: a progress bar while the weights arrive, or what went wrong and the ways forward. */
import { useId } from 'react';
import type { LoadState } from '../state/modelSlice';
import type { LoadPhase } from '../worker/protocol';
import { S } from '../strings';

export interface LoadStatusProps {
  /** where loading stands. */
  state: LoadState;
  /** bytes so far and the total, while downloading. */
  progress: { phase: LoadPhase; loaded: number; total: number | null } | null;
  /** why loading failed, one line. */
  error: string | null;
  /** try the shipped model again. */
  onRetry: () => void;
  /** explore with seeded random weights instead. */
  onRandom: () => void;
  /** the model still in use after a failed load, if any. */
  current: string | null;
  /** hides the message about a failed load. */
  onDismiss: () => void;
}

const PHASE_TEXT: Record<LoadPhase, string> = S.load.phase;

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function LoadStatus({ state, progress, error, onRetry, onRandom, current, onDismiss }: LoadStatusProps) {
  const barId = useId();
  if (error && current) {
    return (
      <div className="panel load-error" role="alert">
        <p>
          <strong>{S.load.couldNot}</strong> <span className="mono">{error}</span>
          {S.load.stillUsing(current)}
        </p>
        <button onClick={onDismiss}>{S.load.dismiss}</button>
      </div>
    );
  }
  if (state === 'error') {
    return (
      <div className="panel load-error" role="alert">
        <h2>{S.load.failedTitle}</h2>
        <p className="mono">{error}</p>
        <p>{S.load.failedHelp}</p>
        <div className="row">
          <button onClick={onRetry}>{S.load.retry}</button>
          <button onClick={onRandom}>{S.load.random}</button>
        </div>
      </div>
    );
  }
  if (state !== 'loading') return null;
  const fraction = progress?.total ? progress.loaded / progress.total : null;
  const label = progress ? PHASE_TEXT[progress.phase] : S.load.fetching;
  const bytes =
    progress?.phase === 'download'
      ? `${mb(progress.loaded)}${progress.total ? S.load.of(mb(progress.total)) : ''}`
      : null;
  return (
    <div className="panel load-progress">
      <label htmlFor={barId}>
        <span id={`${barId}-phase`}>{label}</span>
        {bytes && ` — ${bytes}`}…
      </label>
      {/* Named by the phase, valued by the bytes: the name stays put while the value ticks. */}
      <progress
        id={barId}
        max={1}
        value={fraction ?? undefined}
        aria-labelledby={`${barId}-phase`}
        aria-valuetext={bytes ? (fraction === null ? bytes : `${Math.round(fraction * 100)}%, ${bytes}`) : undefined}
      />
      {/* Announces each phase once (three times a load), never the byte count as it ticks. */}
      <span className="sr-only" role="status">
        {label}
      </span>
    </div>
  );
}
