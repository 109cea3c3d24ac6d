/**
 * A lab's "Save model" and "Open in Explore": both off, with the reason beside them, while a step
 * runs, before anything is trained, or while the files are being prepared.
 */
import { S } from '../../strings';
import type { ExportFor } from '../../worker/messages';

const T = S.saveModel;

export interface SaveModelBarProps {
  /** why the buttons are off; null when they are on. */
  blocked: string | null;
  /** what is being prepared, if anything. */
  exporting: ExportFor | null;
  onExport: (target: ExportFor) => void;
}

export function SaveModelBar({ blocked, exporting, onExport }: SaveModelBarProps) {
  const reason = exporting ? T.saving : blocked;
  return (
    <section className="panel save-model" aria-label={T.legend}>
      <button type="button" className="viz-button" disabled={reason !== null} onClick={() => onExport('save')}>
        {T.save}
      </button>
      <button type="button" className="viz-button" disabled={reason !== null} onClick={() => onExport('explore')}>
        {T.explore}
      </button>
      {reason && (
        <span className="save-model-reason" role="status">
          {reason}
        </span>
      )}
    </section>
  );
}

/** Why the Balance lab cannot save now; null when it can. */
export function balanceBlocked(l: {
  status: string;
  playing: boolean;
  stepping: boolean;
  loadedFrom: string | null;
  points: unknown[];
}): string | null {
  if (l.loadedFrom) return T.showingRun;
  if (l.playing || l.stepping) return T.busy;
  if (l.status !== 'ready') return T.notReady;
  return l.points.length === 0 ? T.notTrained : null;
}

/** Why the GRPO lab cannot save now; null when it can. */
export function grpoBlocked(l: { status: string; history: unknown[] }): string | null {
  if (l.status === 'running') return T.busy;
  if (l.status !== 'ready') return T.notReady;
  return l.history.length === 0 ? T.notTrained : null;
}
