/** Sampling settings and the layer the per-layer views show. */
import type { SamplingOptions } from '../model/sampling';

export interface SamplingControlsProps {
  sampling: SamplingOptions;
  seed: number;
  /** the layer the per-layer views show, and how many there are. */
  layer: number;
  layers: number;
  /** layers that are MoE (marked in the layer menu). */
  moeLayers: readonly number[];
  onSampling: (s: Partial<SamplingOptions>) => void;
  onSeed: (seed: number) => void;
  onLayer: (layer: number) => void;
}

export function SamplingControls(p: SamplingControlsProps) {
  const s = p.sampling;
  return (
    <fieldset className="sampling">
      <legend>Sampling (applies to the next run)</legend>
      <label>
        Temperature <output>{s.temperature.toFixed(2)}</output>
        <input
          type="range"
          min={0}
          max={2}
          step={0.05}
          value={s.temperature}
          onChange={(e) => p.onSampling({ temperature: Number(e.target.value) })}
        />
      </label>
      <label>
        Top-k <output>{s.topK === 0 ? 'off' : s.topK}</output>
        <input
          type="range"
          min={0}
          max={100}
          step={1}
          value={s.topK}
          onChange={(e) => p.onSampling({ topK: Number(e.target.value) })}
        />
      </label>
      <label>
        Top-p <output>{s.topP.toFixed(2)}</output>
        <input
          type="range"
          min={0.05}
          max={1}
          step={0.05}
          value={s.topP}
          onChange={(e) => p.onSampling({ topP: Number(e.target.value) })}
        />
      </label>
      <label>
        Seed
        <input
          type="number"
          step={1}
          value={p.seed}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isInteger(v)) p.onSeed(v);
          }}
        />
      </label>
      <label>
        Layer
        <select value={p.layer} onChange={(e) => p.onLayer(Number(e.target.value))}>
          {Array.from({ length: p.layers }, (_, l) => (
            <option key={l} value={l}>
              {l} ({p.moeLayers.includes(l) ? 'MoE' : 'dense'})
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
