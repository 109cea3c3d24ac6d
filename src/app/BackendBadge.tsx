/** Shows which compute backend runs the model and, after a fallback, why each better one failed. */
import type { BackendStatus } from '../runtime/backendTypes';

export interface BackendBadgeProps {
  /** the worker's report; null while it is still choosing. */
  status: BackendStatus | null;
  /** a failure to report instead of a backend. */
  error?: string | null;
}

export function BackendBadge({ status, error }: BackendBadgeProps) {
  if (error) {
    return (
      <div className="badge badge-error" role="alert">
        <strong>No backend:</strong> {error}
      </div>
    );
  }
  if (!status) {
    return (
      <div className="badge badge-pending" role="status" aria-live="polite">
        Choosing a compute backend…
      </div>
    );
  }
  const failed = status.attempts.filter((a) => !a.ok);
  const adapter = status.adapter;
  return (
    <div className="badge" role="status" aria-live="polite">
      <span>
        Backend: <strong data-testid="backend-name">{status.active}</strong>
      </span>
      {adapter && (
        <span className="badge-adapter" data-testid="adapter">
          Adapter: {[adapter.vendor, adapter.architecture].filter(Boolean).join(' / ') || 'unnamed'}
          {adapter.description ? ` (${adapter.description})` : ''}
        </span>
      )}
      {adapter && /swiftshader/i.test(`${adapter.architecture} ${adapter.description}`) && (
        <span className="badge-hint" data-testid="software-gpu">
          This WebGPU adapter is a software renderer (no GPU): <a href="?backend=wasm">wasm</a> is much faster here.
        </span>
      )}
      {failed.length > 0 && (
        <details className="badge-fallbacks">
          <summary>
            Fell back from {failed.map((a) => a.name).join(', ')} ({failed.length === 1 ? 'why' : 'why each'})
          </summary>
          <ul>
            {failed.map((a) => (
              <li key={a.name}>
                <strong>{a.name}</strong>: {a.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
