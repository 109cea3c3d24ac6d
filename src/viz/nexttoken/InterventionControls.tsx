/**
 * The what-if controls: top-k, the shared experts, and per MoE layer the experts to switch off
 * (the ones the selected token used, plus any by number). Every change calls `onChange` with
 * the whole new interventions object; the view never keeps its own copy.
 */
import { useId, useState } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import { formatPercent } from '../common/format';
import {
  hasInterventions,
  isExpertOff,
  reachableExperts,
  toggleExpert,
  withSharedOff,
  withTopK,
  type NextTokenInterventions,
} from './interventions';

const C = S.nexttoken.controls;

/** The selected token's routing in one MoE layer. */
export interface LayerUse {
  layer: number;
  /** experts the token used, by gate descending. */
  experts: number[];
  /** their gate weights. */
  gates: number[];
}

export interface InterventionControlsProps {
  /** the model's config: K, N_r, groups, shared experts. */
  config: DeepseekV2Config;
  /** the selected token's routing per MoE layer. */
  layers: LayerUse[];
  /** the current interventions. */
  interventions: NextTokenInterventions;
  /** called with the whole new interventions object. */
  onChange: (next: NextTokenInterventions) => void;
}

interface ExpertToggleProps {
  /** MoE layer index. */
  layer: number;
  /** routed expert index. */
  expert: number;
  /** the gate weight the token gave it, when it used it. */
  gate?: number;
  /** whether it is switched off now. */
  off: boolean;
  /** flips it. */
  onToggle: () => void;
}

/** A toggle button: pressed = switched off. */
function ExpertToggle({ layer, expert, gate, off, onToggle }: ExpertToggleProps) {
  return (
    <button
      type="button"
      className="viz-button nt-expert"
      aria-pressed={off}
      // the name starts with the visible text (WCAG 2.5.3), so "E5" works for voice control
      aria-label={C.toggleName(
        [`E${expert}`, gate !== undefined ? formatPercent(gate) : '', off ? C.off : ''].filter(Boolean).join(' '),
        expert,
        layer,
      )}
      onClick={onToggle}
    >
      <span className="nt-expert-id">E{expert}</span>
      {gate !== undefined && (
        <>
          {' '}
          <span className="nt-expert-gate">{formatPercent(gate)}</span>
        </>
      )}
      {off && (
        <>
          {' '}
          <span className="nt-expert-off">{C.off}</span>
        </>
      )}
    </button>
  );
}

interface LayerExpertsProps {
  /** this layer's use by the token. */
  use: LayerUse;
  /** N_r. */
  nRouted: number;
  /** current interventions. */
  interventions: NextTokenInterventions;
  /** called with the whole new interventions object. */
  onChange: (next: NextTokenInterventions) => void;
}

function LayerExperts({ use, nRouted, interventions, onChange }: LayerExpertsProps) {
  const id = useId();
  const [pick, setPick] = useState('');
  const { layer } = use;
  const others = (interventions.disabledExperts?.[layer] ?? []).filter((e) => !use.experts.includes(e));
  const n = Number(pick);
  const valid = pick !== '' && Number.isInteger(n) && n >= 0 && n < nRouted;
  const toggle = (e: number) => onChange(toggleExpert(interventions, layer, e));
  return (
    <fieldset className="nt-layer">
      <legend>{C.layer(layer)}</legend>
      <div className="nt-experts" role="group" aria-label={C.used(layer)}>
        {use.experts.map((e, i) => (
          <ExpertToggle
            key={e}
            layer={layer}
            expert={e}
            gate={use.gates[i]}
            off={isExpertOff(interventions, layer, e)}
            onToggle={() => toggle(e)}
          />
        ))}
        {others.map((e) => (
          <ExpertToggle key={e} layer={layer} expert={e} off onToggle={() => toggle(e)} />
        ))}
      </div>
      <form
        className="nt-any"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (valid && !isExpertOff(interventions, layer, n)) toggle(n);
          setPick('');
        }}
      >
        <label htmlFor={`${id}-any`}>{C.any(nRouted - 1)}</label>
        <input
          id={`${id}-any`}
          type="number"
          min={0}
          max={nRouted - 1}
          step={1}
          value={pick}
          onChange={(ev) => setPick(ev.currentTarget.value)}
        />
        <button
          type="submit"
          className="viz-button"
          disabled={!valid}
          aria-label={C.switchOffName(valid ? n : null, layer)}
        >
          {C.switchOff}
        </button>
      </form>
    </fieldset>
  );
}

export function InterventionControls({ config, layers, interventions, onChange }: InterventionControlsProps) {
  const id = useId();
  const reach = reachableExperts(config);
  const k = interventions.topK ?? config.num_experts_per_tok;
  const nShared = config.n_shared_experts;
  return (
    <div className="nt-controls">
      <div className="nt-row-controls">
        <div className="nt-topk">
          <label htmlFor={`${id}-topk`}>{C.topK}</label>
          <input
            id={`${id}-topk`}
            type="range"
            min={1}
            max={reach}
            step={1}
            value={k}
            aria-valuetext={C.topKText(k, config.num_experts_per_tok)}
            onChange={(ev) => onChange(withTopK(interventions, Number(ev.currentTarget.value), config))}
          />
          <output htmlFor={`${id}-topk`} data-testid="topk-value">
            {k}
          </output>
          <span className="nt-muted">{C.topKNote(config.num_experts_per_tok, reach)}</span>
        </div>
        <label className="nt-shared">
          <input
            type="checkbox"
            checked={interventions.disableShared === true}
            disabled={nShared === 0}
            onChange={(ev) => onChange(withSharedOff(interventions, ev.currentTarget.checked))}
          />
          {C.shared(nShared)}
        </label>
        <button
          type="button"
          className="viz-button nt-reset"
          disabled={!hasInterventions(interventions)}
          onClick={() => onChange({})}
        >
          {C.reset}
        </button>
      </div>
      <div className="nt-layers">
        {layers.map((use) => (
          <LayerExperts
            key={use.layer}
            use={use}
            nRouted={config.n_routed_experts ?? 0}
            interventions={interventions}
            onChange={onChange}
          />
        ))}
      </div>
    </div>
  );
}
