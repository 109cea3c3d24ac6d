/**
 * Shows which compute backend runs the model, why (the measured probe figures when it was chosen
 * by speed), links that force each of the others, and, after a fallback, why each better one failed.
 */
import { BACKEND_ORDER, type BackendProbe, type BackendStatus } from '../runtime/backendTypes';
import { S } from '../strings';

export interface BackendBadgeProps {
  /** the worker's report; null while it is still choosing. */
  status: BackendStatus | null;
  /** a failure to report instead of a backend. */
  error?: string | null;
}

function probeText(p: BackendProbe): string {
  if (p.tokensPerSecond !== null) return S.backend.probe(p.name, p.tokensPerSecond);
  if (p.skipped === 'software') return S.backend.skippedSoftware(p.name, p.detail ?? '');
  return S.backend.probeFailed(p.name);
}

/** This page's address with `?backend=name` (other parameters and the hash kept). */
function forcedHref(name: string): string {
  const here = typeof location === 'undefined' ? null : location;
  const params = new URLSearchParams(here?.search ?? '');
  params.set('backend', name);
  return `?${params.toString()}${here?.hash ?? ''}`;
}

function Why({ status }: { status: BackendStatus }) {
  const choice = status.choice;
  if (!choice) return null;
  const figures = choice.probes.map(probeText).join('; ');
  return (
    <span className="badge-why" data-testid="backend-why">
      {S.backend.why[choice.how]} {figures}
      {figures ? '.' : ''}
    </span>
  );
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
  const others = BACKEND_ORDER.filter((b) => b !== status.active);
  // One line in the header; why, the figures and the other backends open below it on demand.
  return (
    <div className="badge" role="status" aria-live="polite">
      <details className="badge-more">
        <summary>
          {S.backend.backend} <strong data-testid="backend-name">{status.active}</strong>
          {failed.length > 0 && <span className="badge-flag"> {S.backend.fellBackShort}</span>}
          <span className="badge-open"> {S.backend.more}</span>
        </summary>
        <div className="badge-body">
          <Why status={status} />
          {adapter && (
            <span className="badge-adapter" data-testid="adapter">
              {S.backend.adapter}{' '}
              {[adapter.vendor, adapter.architecture].filter(Boolean).join(' / ') || S.backend.unnamed}
              {adapter.description ? ` (${adapter.description})` : ''}
            </span>
          )}
          {adapter && /swiftshader/i.test(`${adapter.architecture} ${adapter.description}`) && (
            <span className="badge-hint" data-testid="software-gpu">
              {S.backend.software} <a href={forcedHref('wasm')}>wasm</a> {S.backend.softwareFaster}
            </span>
          )}
          {status.choice && (
            <span className="badge-hint badge-others" data-testid="backend-others">
              {S.backend.others}{' '}
              {others.map((b, i) => (
                <span key={b}>
                  {i > 0 ? ' · ' : ''}
                  <a href={forcedHref(b)}>{b}</a>
                </span>
              ))}
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
      </details>
    </div>
  );
}
