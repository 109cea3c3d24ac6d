/**
 * The Explore page's views at the selected token, wired to the store: the model flow on top, then
 * the details area (a menu and the chosen detail view, or every one with "Show all views").
 */
import { useEffect, useId, useRef } from 'react';
import { S } from '../strings';
import { useAppStore } from '../state/store';
import { DETAIL_VIEWS, viewById, type DetailId } from './viewRegistry';
import { ExploreView, useViewInputs } from './ExploreView';

export function ModelViews() {
  const inputs = useViewInputs();
  const view = useAppStore((s) => s.view);
  const showAll = useAppStore((s) => s.showAll);
  const reveal = useAppStore((s) => s.reveal);
  const details = useRef<HTMLElement>(null);

  // a lesson or the flow asked to see a view: bring it into sight (below the sticky stepping bar)
  useEffect(() => {
    if (!reveal) return;
    const cls = viewById(reveal.view).cls;
    (details.current?.querySelector(`.views > .${cls}`) ?? details.current)?.scrollIntoView({ block: 'start' });
  }, [reveal]);

  if (!inputs) return null;
  const shown: readonly DetailId[] = showAll ? DETAIL_VIEWS.map((v) => v.id) : [view];
  return (
    <main className="explore">
      <ExploreView id="flow" inputs={inputs} />
      <section className="details" aria-label={S.explore.details} ref={details}>
        <ViewMenu view={view} showAll={showAll} />
        <div className={`views${showAll ? ' all' : ''}`}>
          {shown.map((id) => (
            <ExploreView key={id} id={id} inputs={inputs} />
          ))}
        </div>
      </section>
    </main>
  );
}

interface ViewMenuProps {
  /** the detail shown. */
  view: DetailId;
  /** every detail is shown. */
  showAll: boolean;
}

/** A button per detail view (pressed: the one shown) and the "Show all views" switch. */
function ViewMenu({ view, showAll }: ViewMenuProps) {
  const a = useAppStore.getState();
  const allId = useId();
  return (
    <div className="view-menu">
      <div className="row" role="group" aria-label={S.explore.menu}>
        {DETAIL_VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            data-view={v.id}
            aria-pressed={showAll ? undefined : v.id === view}
            onClick={() => (showAll ? a.openView(v.id) : a.setView(v.id))}
          >
            {v.label}
          </button>
        ))}
      </div>
      <label className="show-all" htmlFor={allId}>
        <input id={allId} type="checkbox" checked={showAll} onChange={(e) => a.setShowAll(e.target.checked)} />
        {S.explore.showAll}
      </label>
    </div>
  );
}
