/** The live views of the model at the selected token, wired to the store. */
import { Suspense, useCallback, useDeferredValue, useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../state/store';
import type { NextTokenInterventions } from '../viz/nexttoken/interventions';
import {
  ArchitectureView,
  AttentionView,
  ExpertRoutingView,
  KvCacheView,
  LoadBalanceView,
  NextTokenView,
} from './viewChunks';

/** A view's place while its chunk loads: the same labelled region, marked busy. */
function Pending({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <section className="panel" role="region" aria-label={name} aria-busy="true">
          <h2>{name}</h2>
          <p className="muted">Loading this view…</p>
        </section>
      }
    >
      {children}
    </Suspense>
  );
}

export function ModelViews() {
  const s = useAppStore(
    useShallow((s) => ({
      model: s.model,
      records: s.records,
      selected: s.selected,
      layer: s.layer,
      highlightedExpert: s.highlightedExpert,
      interventions: s.interventions,
      whatIf: s.whatIf,
      view: s.view,
    })),
  );
  const a = useAppStore.getState();
  // The views redraw at low priority, so stepping and playing stay responsive while they catch up.
  const records = useDeferredValue(s.records);
  const selected = useDeferredValue(s.selected);
  const record = records[selected];
  const onChangeInterventions = useCallback(
    (i: NextTokenInterventions) => useAppStore.getState().setInterventions(i, selected),
    [selected],
  );

  // the what-if distribution follows the selected token
  useEffect(() => {
    const { interventions, whatIf, setInterventions } = useAppStore.getState();
    if (whatIf && whatIf.index !== s.selected) setInterventions(interventions, s.selected);
  }, [s.selected]);

  // a shared link may name a view to show first
  useEffect(() => {
    if (!s.view) return;
    const names = {
      architecture: 'Architecture',
      kv: 'KV cache',
      attention: 'Attention',
      routing: 'Expert routing',
      balance: 'Load balance',
      next: 'Next token',
    };
    document.querySelector(`[aria-label="${names[s.view]}"]`)?.scrollIntoView({ block: 'start' });
  }, [s.view]);

  if (!s.model || !record) return null;
  const config = s.model.config;
  const untrained = s.model.untrained;
  const common = { config, records, selected, untrained };
  return (
    <main className="views">
      <Pending name="Next token">
        <NextTokenView
          {...common}
          baseline={record.next}
          whatIf={s.whatIf?.index === selected ? s.whatIf.next : null}
          pending={s.whatIf?.index !== selected && Object.keys(s.interventions).length > 0}
          interventions={s.interventions}
          onChangeInterventions={onChangeInterventions}
        />
      </Pending>
      <Pending name="KV cache">
        <KvCacheView {...common} layer={s.layer} onLayerChange={a.setLayer} />
      </Pending>
      <Pending name="Attention">
        <AttentionView {...common} layer={s.layer} onSelectToken={a.select} />
      </Pending>
      <Pending name="Expert routing">
        <ExpertRoutingView
          {...common}
          layer={s.layer}
          onSelectToken={a.select}
          highlightedExpert={s.highlightedExpert}
          onHighlightExpert={a.setHighlightedExpert}
        />
      </Pending>
      <Pending name="Load balance">
        <LoadBalanceView {...common} layer={s.layer} />
      </Pending>
      <Pending name="Architecture">
        <ArchitectureView {...common} modelName={s.model.name} />
      </Pending>
    </main>
  );
}
