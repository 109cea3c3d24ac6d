/** The live views of the model at the selected token, wired to the store. */
import { memo, useCallback, useDeferredValue, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../state/store';
import { ArchitectureView as ArchitectureViewImpl } from '../viz/architecture';
import { AttentionView as AttentionViewImpl } from '../viz/attention/AttentionView';
import { LoadBalanceView as LoadBalanceViewImpl } from '../viz/balance/LoadBalanceView';
import { KvCacheView as KvCacheViewImpl } from '../viz/kvcache';
import type { NextTokenInterventions } from '../viz/nexttoken/interventions';
import { NextTokenView as NextTokenViewImpl } from '../viz/nexttoken/NextTokenView';
import { ExpertRoutingView as ExpertRoutingViewImpl } from '../viz/routing/ExpertRoutingView';

// Memoised: a new token re-renders the shell at once (urgent), and each view only when its own
// props change, which for the deferred records and selection happens in the low-priority pass.
const NextTokenView = memo(NextTokenViewImpl);
const KvCacheView = memo(KvCacheViewImpl);
const AttentionView = memo(AttentionViewImpl);
const ExpertRoutingView = memo(ExpertRoutingViewImpl);
const LoadBalanceView = memo(LoadBalanceViewImpl);
const ArchitectureView = memo(ArchitectureViewImpl);

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
      <NextTokenView
        {...common}
        baseline={record.next}
        whatIf={s.whatIf?.index === selected ? s.whatIf.next : null}
        pending={s.whatIf?.index !== selected && Object.keys(s.interventions).length > 0}
        interventions={s.interventions}
        onChangeInterventions={onChangeInterventions}
      />
      <KvCacheView {...common} layer={s.layer} onLayerChange={a.setLayer} />
      <AttentionView {...common} layer={s.layer} onSelectToken={a.select} />
      <ExpertRoutingView
        {...common}
        layer={s.layer}
        onSelectToken={a.select}
        highlightedExpert={s.highlightedExpert}
        onHighlightExpert={a.setHighlightedExpert}
      />
      <LoadBalanceView {...common} layer={s.layer} />
      <ArchitectureView {...common} modelName={s.model.name} />
    </main>
  );
}
