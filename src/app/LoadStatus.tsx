/** Model loading: a progress bar while the weights arrive, or what went wrong and the ways forward. */
import { useId } from 'react';
import type { LoadState } from '../state/modelSlice';
import type { LoadPhase } from '../worker/protocol';

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

const PHASE_TEXT: Record<LoadPhase, string> = {
  download: 'Downloading the weights',
  parse: 'Checking every tensor',
  upload: 'Moving the weights to the compute backend',
};

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export function LoadStatus({ state, progress, error, onRetry, onRandom, current, onDismiss }: LoadStatusProps) {
  const barId = useId();
  if (error && current) {
    return (
      <div className="panel load-error" role="alert">
        <p>
          <strong>That model could not load:</strong> <span className="mono">{error}</span>. Still using {current}.
        </p>
        <button onClick={onDismiss}>Dismiss</button>
      </div>
    );
  }
  if (state === 'error') {
    return (
      <div className="panel load-error" role="alert">
        <h2>The model could not load</h2>
        <p className="mono">{error}</p>
        <p>
          You can try again, explore the same architecture with seeded random weights (every view still shows the real
          computation, only the model has learned nothing), or drop your own DeepSeek-V2 model (config.json,
          model.safetensors and tokenizer.json) anywhere on the page.
        </p>
        <div className="row">
          <button onClick={onRetry}>Try again</button>
          <button onClick={onRandom}>Use random weights</button>
        </div>
      </div>
    );
  }
  if (state !== 'loading') return null;
  const fraction = progress?.total ? progress.loaded / progress.total : null;
  const label = progress ? PHASE_TEXT[progress.phase] : 'Fetching the model';
  const bytes =
    progress?.phase === 'download'
      ? `${mb(progress.loaded)}${progress.total ? ` of ${mb(progress.total)}` : ''}`
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
