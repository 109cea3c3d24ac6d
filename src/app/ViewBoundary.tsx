/**
 * An error boundary around one Explore view or one lab page: if it fails to render, one line names
 * the view and the error, with a "Try again" button, in place of that view only; the rest of the
 * app keeps working (never a blank page).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { S } from '../strings';

export interface ViewBoundaryProps {
  /** the view's or lab's name, for the message. */
  name: string;
  children: ReactNode;
}

interface BoundaryState {
  error: string | null;
}

/** The error as one short line. */
export function oneLine(e: unknown): string {
  const text = (e instanceof Error ? e.message || e.name : String(e)).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text || S.boundary.unknown;
}

export class ViewBoundary extends Component<ViewBoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(e: unknown): BoundaryState {
    return { error: oneLine(e) };
  }

  override componentDidCatch(e: unknown, info: ErrorInfo): void {
    console.warn(`${this.props.name}: ${oneLine(e)}`, info.componentStack); // for a bug report
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div className="panel view-error" role="alert">
        <p>
          <strong>{S.boundary.failed(this.props.name)}</strong> <span className="mono">{error}</span>{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            {S.boundary.retry}
          </button>
        </p>
      </div>
    );
  }
}
