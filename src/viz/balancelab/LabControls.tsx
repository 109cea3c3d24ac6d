/** The lab's transport (play, pause, step, reset), its one-click demonstrations and every setting. */
import { useId, type ReactNode } from 'react';
import type { LabModelName, LabPresetName, LabSettings } from '../../train/lab/labSettings';

export interface LabControlsProps {
  /** the settings in force. */
  settings: LabSettings;
  /** false until the worker has a trainer ready. */
  ready: boolean;
  playing: boolean;
  /** a single step is running. */
  stepping: boolean;
  /** a loaded run is on screen (training controls are off until a reset). */
  showingRun: boolean;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onPreset: (name: LabPresetName) => void;
  /** a settings change; the store validates it. */
  onChange: (patch: Partial<LabSettings>) => void;
}

interface NumberFieldProps {
  label: ReactNode;
  value: number;
  step: number;
  min: number;
  max?: number;
  /** called with the typed number when the field is left or Enter is pressed. */
  onCommit: (v: number) => void;
}

/** A number input that applies on Enter or when it loses focus, so typing "12" does not apply "1" first. */
function NumberField({ label, value, step, min, max, onCommit }: NumberFieldProps) {
  const id = useId();
  const commit = (el: HTMLInputElement) => {
    const v = el.valueAsNumber;
    if (v !== value) onCommit(v);
  };
  return (
    <div className="bl-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        key={value}
        type="number"
        defaultValue={value}
        step={step}
        min={min}
        max={max}
        onBlur={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget);
        }}
      />
    </div>
  );
}

export function LabControls(p: LabControlsProps) {
  const s = p.settings;
  const canTrain = p.ready && !p.showingRun;
  return (
    <div className="bl-controls">
      <div className="bl-transport" role="group" aria-label="Training">
        {p.playing ? (
          <button type="button" className="viz-button bl-primary" onClick={p.onPause}>
            Pause
          </button>
        ) : (
          <button type="button" className="viz-button bl-primary" onClick={p.onPlay} disabled={!canTrain || p.stepping}>
            Play
          </button>
        )}
        <button type="button" className="viz-button" onClick={p.onStep} disabled={!canTrain || p.playing || p.stepping}>
          Step
        </button>
        <button type="button" className="viz-button" onClick={p.onReset} disabled={!p.ready && !p.showingRun}>
          Reset
        </button>
        <span className="bl-presets" role="group" aria-label="Demonstrations">
          <button type="button" className="viz-button" onClick={() => p.onPreset('collapse')}>
            Collapse: all α = 0
          </button>
          <button type="button" className="viz-button" onClick={() => p.onPreset('balanced')}>
            Balanced: α1 = 0.02
          </button>
        </span>
      </div>
      <fieldset className="bl-settings">
        <legend>Model and start</legend>
        <div className="bl-field">
          <label>
            Model{' '}
            <select value={s.model} onChange={(e) => p.onChange({ model: e.target.value as LabModelName })}>
              <option value="lab-small">small lab model (0.13M, 8 experts)</option>
              <option value="tinyseek">shipped TinySeek config (1.8M, 16 experts)</option>
            </select>
          </label>
        </div>
        <div className="bl-field">
          <label>
            Start{' '}
            <select
              value={s.start}
              onChange={(e) =>
                p.onChange(
                  e.target.value === 'shipped' ? { start: 'shipped', model: 'tinyseek' } : { start: 'scratch' },
                )
              }
            >
              <option value="scratch">from scratch (random weights)</option>
              <option value="shipped">from the shipped model</option>
            </select>
          </label>
        </div>
        <NumberField label="Seed" value={s.seed} step={1} min={0} onCommit={(seed) => p.onChange({ seed })} />
        <NumberField label="Learning rate" value={s.lr} step={0.001} min={0} onCommit={(lr) => p.onChange({ lr })} />
      </fieldset>
      <fieldset className="bl-settings">
        <legend>Balance losses</legend>
        <NumberField
          label="α1 expert"
          value={s.alphaExpert}
          step={0.005}
          min={0}
          onCommit={(alphaExpert) => p.onChange({ alphaExpert })}
        />
        <NumberField
          label="α2 device"
          value={s.alphaDevice}
          step={0.01}
          min={0}
          onCommit={(alphaDevice) => p.onChange({ alphaDevice })}
        />
        <NumberField
          label="α3 communication"
          value={s.alphaComm}
          step={0.01}
          min={0}
          onCommit={(alphaComm) => p.onChange({ alphaComm })}
        />
      </fieldset>
      <fieldset className="bl-settings">
        <legend>Routing and dropping</legend>
        <NumberField label="Top-k" value={s.topK} step={1} min={1} onCommit={(topK) => p.onChange({ topK })} />
        <NumberField
          label="Groups (n_group)"
          value={s.nGroup}
          step={1}
          min={1}
          onCommit={(nGroup) => p.onChange({ nGroup })}
        />
        <NumberField
          label="Groups per token (topk_group)"
          value={s.topkGroup}
          step={1}
          min={1}
          onCommit={(topkGroup) => p.onChange({ topkGroup })}
        />
        <div className="bl-field">
          <label>
            <input type="checkbox" checked={s.dropping} onChange={(e) => p.onChange({ dropping: e.target.checked })} />{' '}
            Token dropping
          </label>
        </div>
        <NumberField
          label="Capacity factor"
          value={s.capacityFactor}
          step={0.1}
          min={0.1}
          onCommit={(capacityFactor) => p.onChange({ capacityFactor })}
        />
      </fieldset>
    </div>
  );
}
