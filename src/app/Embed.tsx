/**
 * Embed mode (`?embed=<view id>`): one Explore view and a minimal stepping bar, for an iframe in a
 * course page or a blog. No header, tabs or lessons; the prompt, seed and tokens come from the
 * URL's hash as in a shared link and run as soon as the model is in.
 */
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { S } from '../strings';
import { endedText } from '../state/sessionSlice';
import { useAppStore } from '../state/store';
import { ExploreView, useViewInputs } from './ExploreView';
import { LoadStatus } from './LoadStatus';
import { SHIPPED_MODEL } from './shippedModel';
import { Transport } from './Transport';
import { useKeyboard } from './useKeyboard';
import { useUrlSync } from './useUrlSync';
import { EXPLORE_VIEWS, isViewId, viewById, type ViewId } from './viewRegistry';

/** The view `?embed=` asks for, or null when there is no such parameter. */
export const embedFromUrl = (search: string): string | null => new URLSearchParams(search).get('embed');

export interface EmbedProps {
  /** the `embed` parameter: a view id (src/app/viewRegistry.ts), checked here. */
  id: string;
  /** the token a shared link selects, applied once its tokens have been replayed. */
  initialSelection?: number | null;
}

export function Embed({ id, initialSelection = null }: EmbedProps) {
  if (!isViewId(id)) {
    return (
      <p className="embed-error" role="alert">
        {S.explore.badEmbed(id, EXPLORE_VIEWS.map((v) => v.id).join(', '))}
      </p>
    );
  }
  return <EmbeddedView id={id} initialSelection={initialSelection} />;
}

function EmbeddedView({ id, initialSelection }: { id: ViewId; initialSelection: number | null }) {
  const pendingSelection = useRef(initialSelection);
  useKeyboard();
  useUrlSync(pendingSelection);
  const s = useAppStore(
    useShallow((s) => ({
      loadState: s.loadState,
      loadProgress: s.loadProgress,
      loadError: s.loadError,
      model: s.model,
      records: s.records,
      selected: s.selected,
      playing: s.playing,
      busy: s.busy,
      contextFull: s.contextFull,
      endOfText: endedText(s),
      sessionError: s.sessionError,
    })),
  );
  const a = useAppStore.getState();
  const inputs = useViewInputs();
  const base = new URL(SHIPPED_MODEL, location.href).href;
  // the same state in the full app, in a new tab
  const full = `${location.pathname}${location.hash}`;
  return (
    <div className="embed">
      <section className="panel stepping" aria-label={S.transport.bar}>
        <Transport
          minimal
          records={s.records}
          selected={s.selected}
          playing={s.playing}
          busy={s.busy}
          contextFull={s.contextFull}
          endOfText={s.endOfText}
          onStepBack={a.stepBack}
          onStepForward={a.stepForward}
          onTogglePlay={a.togglePlay}
          onSelect={a.select}
        />
        <a className="embed-open" href={full} target="_blank" rel="noreferrer">
          {S.explore.openFull}
        </a>
      </section>
      <LoadStatus
        state={s.loadState}
        progress={s.loadProgress}
        error={s.loadError}
        onRetry={() => a.loadModel({ kind: 'url', base })}
        onRandom={() => a.loadModel({ kind: 'random', base, seed: 1 })}
        current={s.model?.name ?? null}
        onDismiss={() => useAppStore.setState({ loadError: null })}
      />
      {s.sessionError && (
        <p className="notice error" role="alert">
          {s.sessionError}
        </p>
      )}
      <main className="views" aria-label={S.explore.embedTitle(viewById(id).label)}>
        {inputs && <ExploreView id={id} inputs={inputs} />}
      </main>
    </div>
  );
}
