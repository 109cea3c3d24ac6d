/** Sampling settings and the layer the per-layer views show. */
import { useId } from 'react';
import type { SamplingOptions } from '../model/sampling';
import { S } from '../strings';

export interface SamplingControlsProps {
  sampling: SamplingOptions;
  seed: number;
  /** generation goes on after the end-of-text token. */
  pastEnd: boolean;
  /** the layer the per-layer views show, and how many there are. */
  layer: number;
  layers: number;
  /** layers that are MoE (marked in the layer menu). */
  moeLayers: readonly number[];
  /** a control differs from the run on screen: say that it applies to the next run. */
  changed?: boolean;
  onSampling: (s: Partial<SamplingOptions>) => void;
  onSeed: (seed: number) => void;
  onPastEnd: (pastEnd: boolean) => void;
  onLayer: (layer: number) => void;
}

interface SliderProps {
  /** the control's name, shown and announced. */
  name: string;
  value: number;
  /** the value as shown beside the name and announced by the slider. */
  shown: string;
  min: number;
  max: number;
  step: number;
  onValue: (v: number) => void;
}

/**
 * A labelled range input with its value shown. The name is only the label text (a name holding
 * the value would change on every move), and the shown value is announced once, as the slider's
 * value text, not again by the <output> (an implicit live region).
 */
function Slider({ name, value, shown, min, max, step, onValue }: SliderProps) {
  const id = useId();
  return (
    <label>
      <span id={`${id}-name`}>{name}</span>{' '}
      <output htmlFor={id} aria-hidden="true">
        {shown}
      </output>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-labelledby={`${id}-name`}
        aria-valuetext={shown}
        onChange={(e) => onValue(Number(e.target.value))}
      />
    </label>
  );
}

export function SamplingControls(p: SamplingControlsProps) {
  const s = p.sampling;
  return (
    <fieldset className="sampling">
      <legend>{S.sampling.legend}</legend>
      <Slider
        name={S.sampling.temperature}
        value={s.temperature}
        shown={s.temperature.toFixed(2)}
        min={0}
        max={2}
        step={0.05}
        onValue={(temperature) => p.onSampling({ temperature })}
      />
      <Slider
        name={S.sampling.topK}
        value={s.topK}
        shown={s.topK === 0 ? S.sampling.off : String(s.topK)}
        min={0}
        max={100}
        step={1}
        onValue={(topK) => p.onSampling({ topK })}
      />
      <Slider
        name={S.sampling.topP}
        value={s.topP}
        shown={s.topP.toFixed(2)}
        min={0.05}
        max={1}
        step={0.05}
        onValue={(topP) => p.onSampling({ topP })}
      />
      <label>
        {S.sampling.seed}
        <input
          type="number"
          step={1}
          value={p.seed}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isSafeInteger(v)) p.onSeed(v);
          }}
        />
      </label>
      {p.changed && (
        <p className="notice next-run" role="status">
          {S.sampling.nextRun}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={p.pastEnd} onChange={(e) => p.onPastEnd(e.target.checked)} />
        {S.sampling.pastEnd}
      </label>
      <label>
        {S.sampling.layer}
        <select value={p.layer} onChange={(e) => p.onLayer(Number(e.target.value))}>
          {Array.from({ length: p.layers }, (_, l) => (
            <option key={l} value={l}>
              {l} ({S.sampling.layerKind(p.moeLayers.includes(l))})
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
