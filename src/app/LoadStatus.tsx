/** Model loading: a progress bar while the weights arrive, or what went wrong and the ways forward. */
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
  return (
    <div className="panel load-progress">
      <label htmlFor="load-bar">
        {label}
        {progress?.phase === 'download' &&
          ` — ${mb(progress.loaded)}${progress.total ? ` of ${mb(progress.total)}` : ''}`}
        …
      </label>
      <progress id="load-bar" max={1} value={fraction ?? undefined} aria-valuetext={label} />
    </div>
  );
}
