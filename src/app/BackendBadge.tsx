/** Shows which compute backend runs the model and, after a fallback, why each better one failed. */
import type { BackendStatus } from '../runtime/backendTypes';
import { S } from '../strings';

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
        <strong>{S.backend.none}</strong> {error}
      </div>
    );
  }
  if (!status) {
    return (
      <div className="badge badge-pending" role="status" aria-live="polite">
        {S.backend.choosing}
      </div>
    );
  }
  const failed = status.attempts.filter((a) => !a.ok);
  const adapter = status.adapter;
  return (
    <div className="badge" role="status" aria-live="polite">
      <span>
        {S.backend.backend} <strong data-testid="backend-name">{status.active}</strong>
      </span>
      {adapter && (
        <span className="badge-adapter" data-testid="adapter">
          {S.backend.adapter} {[adapter.vendor, adapter.architecture].filter(Boolean).join(' / ') || S.backend.unnamed}
          {adapter.description ? ` (${adapter.description})` : ''}
        </span>
      )}
      {adapter && /swiftshader/i.test(`${adapter.architecture} ${adapter.description}`) && (
        <span className="badge-hint" data-testid="software-gpu">
          {S.backend.software} <a href="?backend=wasm">wasm</a> {S.backend.softwareFaster}
        </span>
      )}
      {failed.length > 0 && (
        <details className="badge-fallbacks">
          <summary>{S.backend.fellBack(failed.map((a) => a.name).join(', '), failed.length)}</summary>
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
