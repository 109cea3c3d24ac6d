/** One Explore view by its registry id, fed from the store: the details area and embed mode render views through it. */
import { Suspense, useCallback, useDeferredValue, useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { S } from '../strings';
import { useAppStore } from '../state/store';
import type { NextTokenInterventions } from '../viz/nexttoken/interventions';
import {
  ArchitectureView,
  AttentionView,
  ExpertRoutingView,
  KvCacheView,
  LoadBalanceView,
  ModelFlowView,
  NextTokenView,
} from './viewChunks';
import { ViewBoundary } from './ViewBoundary';
import { viewById, type ViewId } from './viewRegistry';

/** What every view reads, at the selected token; null until a model and a token are there. */
export type ViewInputs = NonNullable<ReturnType<typeof useViewInputs>>;

export function useViewInputs() {
  const s = useAppStore(
    useShallow((s) => ({
      model: s.model,
      records: s.records,
      selected: s.selected,
      layer: s.layer,
      highlightedExpert: s.highlightedExpert,
      interventions: s.interventions,
      whatIf: s.whatIf,
    })),
  );
  // The views redraw at low priority, so stepping and playing stay responsive while they catch up.
  const records = useDeferredValue(s.records);
  const selected = useDeferredValue(s.selected);
  const onChangeInterventions = useCallback(
    (i: NextTokenInterventions) => useAppStore.getState().setInterventions(i, selected),
    [selected],
  );
  // the what-if distribution follows the selected token
  useEffect(() => {
    const { interventions, whatIf, setInterventions } = useAppStore.getState();
    if (whatIf && whatIf.index !== s.selected) setInterventions(interventions, s.selected);
  }, [s.selected]);
  const record = records[selected];
  if (!s.model || !record) return null;
  const common = { config: s.model.config, records, selected, untrained: s.model.untrained };
  return { ...s, common, record, selected, modelName: s.model.name, onChangeInterventions };
}

/** A view's place while its chunk loads: the same labelled region, marked busy. */
function Pending({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <section className="panel" role="region" aria-label={name} aria-busy="true">
          <h2>{name}</h2>
          <p className="muted">{S.explore.loadingView}</p>
        </section>
      }
    >
      {children}
    </Suspense>
  );
}

export interface ExploreViewProps {
  /** the registry id of the view to show. */
  id: ViewId;
  /** the store's state the views read (useViewInputs). */
  inputs: ViewInputs;
}

/** A flow block's click: that layer, and its detail view brought into sight. */
function openAtLayer(view: ViewId, layer: number): void {
  const a = useAppStore.getState();
  a.setLayer(layer);
  a.openView(view);
}

export function ExploreView({ id, inputs: v }: ExploreViewProps) {
  const a = useAppStore.getState();
  const { common, selected } = v;
  const name = viewById(id).label;
  return (
    <ViewBoundary key={id} name={name}>
      <Pending name={name}>{render()}</Pending>
    </ViewBoundary>
  );

  function render(): ReactNode {
    switch (id) {
      case 'flow':
        return <ModelFlowView {...common} layer={v.layer} onOpen={openAtLayer} />;
      case 'next':
        return (
          <NextTokenView
            {...common}
            baseline={v.record.next}
            whatIf={v.whatIf?.index === selected ? v.whatIf.next : null}
            pending={v.whatIf?.index !== selected && Object.keys(v.interventions).length > 0}
            interventions={v.interventions}
            onChangeInterventions={v.onChangeInterventions}
          />
        );
      case 'kv':
        return <KvCacheView {...common} layer={v.layer} onLayerChange={a.setLayer} />;
      case 'attention':
        return <AttentionView {...common} layer={v.layer} onSelectToken={a.select} />;
      case 'routing':
        return (
          <ExpertRoutingView
            {...common}
            layer={v.layer}
            onSelectToken={a.select}
            highlightedExpert={v.highlightedExpert}
            onHighlightExpert={a.setHighlightedExpert}
          />
        );
      case 'balance':
        return <LoadBalanceView {...common} layer={v.layer} />;
      case 'architecture':
        return <ArchitectureView {...common} modelName={v.modelName} />;
    }
  }
}
