/**
 * The TinySeek shell: a one-line header with the backend badge, the page tabs beside the lessons,
 * model loading, the prompt, then the stepping bar (which stays in view as the page scrolls) and
 * the views: the model flow and the details area (ModelViews).
 */
import { Suspense, useCallback, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { controlsChanged, endedText } from '../state/sessionSlice';
import { isMoeLayer } from '../model/config';
import { Classroom } from '../classroom/Classroom';
import { useAppStore } from '../state/store';
import { BackendBadge } from './BackendBadge';
import { LoadStatus } from './LoadStatus';
import { ModelDrop } from './ModelDrop';
import { ModelViews } from './ModelViews';
import { PageTabs } from './PageTabs';
import { EXPLORE, LAB_PAGES } from './pages';
import { PromptBar } from './PromptBar';
import { SamplingControls } from './SamplingControls';
import { SHIPPED_MODEL } from './shippedModel';
import { S } from '../strings';
import { ThemeToggle } from './ThemeToggle';
import { Transport } from './Transport';
import { useKeyboard } from './useKeyboard';
import { useUrlSync } from './useUrlSync';
import { StoragePanel } from '../offline/StoragePanel';
import { ViewBoundary } from './ViewBoundary';

export interface AppProps {
  /** the token a shared link selects, applied once its tokens have been replayed. */
  initialSelection?: number | null;
}

export function App({ initialSelection = null }: AppProps) {
  const pendingSelection = useRef(initialSelection);
  useKeyboard();
  useUrlSync(pendingSelection);
  const s = useAppStore(
    useShallow((s) => ({
      backend: s.backend,
      runtimeError: s.runtimeError,
      loadState: s.loadState,
      loadProgress: s.loadProgress,
      loadError: s.loadError,
      model: s.model,
      prompt: s.prompt,
      sampling: s.sampling,
      seed: s.seed,
      pastEnd: s.pastEnd,
      records: s.records,
      selected: s.selected,
      playing: s.playing,
      busy: s.busy,
      contextFull: s.contextFull,
      truncated: s.truncated,
      promptCut: s.promptCut,
      sessionError: s.sessionError,
      linkNotice: s.linkNotice,
      changed: controlsChanged(s),
      layer: s.layer,
      page: s.page,
    })),
  );
  const a = useAppStore.getState();
  const onFiles = useCallback(
    (files: { name: string; buffer: ArrayBuffer }[]) => useAppStore.getState().loadModel({ kind: 'files', files }),
    [],
  );
  const base = new URL(SHIPPED_MODEL, location.href).href;
  const config = s.model?.config ?? null;
  const moeLayers = config
    ? Array.from({ length: config.num_hidden_layers }, (_, l) => l).filter((l) => isMoeLayer(config, l))
    : [];
  return (
    <div className="app">
      <ModelDrop onFiles={onFiles} />
      <header className="app-header">
        <div className="brand">
          <h1>TinySeek</h1>
          <p className="tagline">{S.app.tagline}</p>
          {s.model && (
            <p className="model-badge" data-testid="model-name">
              {S.app.model} <strong>{s.model.name}</strong>
              {s.model.untrained && <span className="warning">{S.app.untrained}</span>}
            </p>
          )}
        </div>
        <div className="header-side">
          <BackendBadge status={s.backend} error={s.runtimeError} />
          <ThemeToggle />
        </div>
      </header>
      <div className="nav-row">
        <PageTabs page={s.page} onPage={a.setPage} />
        <Classroom />
      </div>
      <LoadStatus
        state={s.loadState}
        progress={s.loadProgress}
        error={s.loadError}
        onRetry={() => a.loadModel({ kind: 'url', base })}
        onRandom={() => a.loadModel({ kind: 'random', base, seed: 1 })}
        current={s.model?.name ?? null}
        onDismiss={() => useAppStore.setState({ loadError: null })}
      />
      {s.page !== EXPLORE && <LabPageView id={s.page} />}
      {s.page === EXPLORE && (
        <section className="panel controls" aria-label={S.app.controls}>
          <PromptBar
            prompt={s.prompt}
            ready={s.loadState === 'ready'}
            truncated={s.truncated}
            cut={s.promptCut}
            error={s.sessionError ?? s.linkNotice}
            onChange={a.setPrompt}
            onRun={() => a.start()}
          />
          {config && (
            <details className="sampling-box">
              <summary>{S.sampling.summary}</summary>
              <SamplingControls
                sampling={s.sampling}
                seed={s.seed}
                pastEnd={s.pastEnd}
                changed={s.changed}
                layer={s.layer}
                layers={config.num_hidden_layers}
                moeLayers={moeLayers}
                onSampling={a.setSampling}
                onSeed={a.setSeed}
                onPastEnd={a.setPastEnd}
                onLayer={a.setLayer}
              />
            </details>
          )}
        </section>
      )}
      {s.page === EXPLORE && (
        <section className="panel stepping" aria-label={S.transport.bar}>
          <Transport
            records={s.records}
            selected={s.selected}
            playing={s.playing}
            busy={s.busy}
            contextFull={s.contextFull}
            endOfText={endedText(s)}
            onStepBack={a.stepBack}
            onStepForward={a.stepForward}
            onTogglePlay={a.togglePlay}
            onSelect={a.select}
          />
        </section>
      )}
      {s.page === EXPLORE && config && s.records.length > 0 && <ModelViews />}
      <footer className="app-footer">
        <StoragePanel />
      </footer>
    </div>
  );
}

function LabPageView({ id }: { id: string }) {
  const page = LAB_PAGES.find((p) => p.id === id);
  if (!page) return null;
  const Page = page.component;
  return (
    <Suspense
      fallback={
        <p className="panel" role="status">
          {S.app.loadingPage(page.label)}
        </p>
      }
    >
      <ViewBoundary key={id} name={page.label}>
        <Page />
      </ViewBoundary>
    </Suspense>
  );
}
