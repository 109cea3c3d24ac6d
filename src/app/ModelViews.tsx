/** The live views of the model at the selected token, wired to the store. */
import { useDeferredValue, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../state/store';
import { ArchitectureView } from '../viz/architecture';
import { AttentionView } from '../viz/attention/AttentionView';
import { LoadBalanceView } from '../viz/balance/LoadBalanceView';
import { KvCacheView } from '../viz/kvcache';
import { NextTokenView } from '../viz/nexttoken/NextTokenView';
import { ExpertRoutingView } from '../viz/routing/ExpertRoutingView';

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
  const common = { config: s.model.config, records, selected, untrained: s.model.untrained };
  return (
    <main className="views">
      <NextTokenView
        {...common}
        baseline={record.next}
        whatIf={s.whatIf?.index === selected ? s.whatIf.next : null}
        pending={s.whatIf?.index !== selected && Object.keys(s.interventions).length > 0}
        interventions={s.interventions}
        onChangeInterventions={(i) => a.setInterventions(i, selected)}
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
