/** The lab's transport (play, pause, step, reset), its one-click demonstrations and every setting. */
import { useId, type ReactNode } from 'react';
import { S } from '../../strings';
import type { LabModelName, LabPresetName, LabSettings } from '../../train/lab/labSettings';

const C = S.balanceLab.controls;

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
      <div className="bl-transport" role="group" aria-label={C.training}>
        {p.playing ? (
          <button type="button" className="viz-button bl-primary" onClick={p.onPause}>
            {C.pause}
          </button>
        ) : (
          <button type="button" className="viz-button bl-primary" onClick={p.onPlay} disabled={!canTrain || p.stepping}>
            {C.play}
          </button>
        )}
        <button type="button" className="viz-button" onClick={p.onStep} disabled={!canTrain || p.playing || p.stepping}>
          {C.step}
        </button>
        <button type="button" className="viz-button" onClick={p.onReset} disabled={!p.ready && !p.showingRun}>
          {C.reset}
        </button>
        <span className="bl-presets" role="group" aria-label={C.demos}>
          <button type="button" className="viz-button" onClick={() => p.onPreset('collapse')}>
            {C.collapse}
          </button>
          <button type="button" className="viz-button" onClick={() => p.onPreset('balanced')}>
            {C.balanced}
          </button>
          <button type="button" className="viz-button" onClick={() => p.onPreset('v3bias')}>
            {C.v3bias}
          </button>
        </span>
      </div>
      <fieldset className="bl-settings">
        <legend>{C.modelStart}</legend>
        <div className="bl-field">
          <label>
            {C.model}{' '}
            <select value={s.model} onChange={(e) => p.onChange({ model: e.target.value as LabModelName })}>
              <option value="lab-small">{C.labSmall}</option>
              <option value="tinyseek">{C.tinyseek}</option>
            </select>
          </label>
        </div>
        <div className="bl-field">
          <label>
            {C.start}{' '}
            <select
              value={s.start}
              onChange={(e) =>
                p.onChange(
                  e.target.value === 'shipped' ? { start: 'shipped', model: 'tinyseek' } : { start: 'scratch' },
                )
              }
            >
              <option value="scratch">{C.scratch}</option>
              <option value="shipped">{C.shipped}</option>
            </select>
          </label>
        </div>
        <NumberField label={C.seed} value={s.seed} step={1} min={0} onCommit={(seed) => p.onChange({ seed })} />
        <NumberField label={C.lr} value={s.lr} step={0.001} min={0} onCommit={(lr) => p.onChange({ lr })} />
      </fieldset>
      <fieldset className="bl-settings">
        <legend>{C.balancing}</legend>
        <div className="bl-field">
          <label>
            {C.balancing}{' '}
            <select
              value={s.balancing}
              onChange={(e) => p.onChange({ balancing: e.target.value as LabSettings['balancing'] })}
            >
              <option value="losses">{C.byLosses}</option>
              <option value="bias">{C.byBias}</option>
            </select>
          </label>
        </div>
        {s.balancing === 'bias' && (
          <NumberField
            label={C.gamma}
            value={s.gamma}
            step={0.001}
            min={0}
            onCommit={(gamma) => p.onChange({ gamma })}
          />
        )}
      </fieldset>
      <fieldset className="bl-settings" disabled={s.balancing === 'bias'}>
        <legend>{C.losses}</legend>
        {s.balancing === 'bias' && <p className="bl-note">{C.lossesOff}</p>}
        <NumberField
          label={C.alphaExpert}
          value={s.alphaExpert}
          step={0.005}
          min={0}
          onCommit={(alphaExpert) => p.onChange({ alphaExpert })}
        />
        <NumberField
          label={C.alphaDevice}
          value={s.alphaDevice}
          step={0.01}
          min={0}
          onCommit={(alphaDevice) => p.onChange({ alphaDevice })}
        />
        <NumberField
          label={C.alphaComm}
          value={s.alphaComm}
          step={0.01}
          min={0}
          onCommit={(alphaComm) => p.onChange({ alphaComm })}
        />
      </fieldset>
      <fieldset className="bl-settings">
        <legend>{C.routing}</legend>
        <NumberField label={C.topK} value={s.topK} step={1} min={1} onCommit={(topK) => p.onChange({ topK })} />
        <NumberField label={C.nGroup} value={s.nGroup} step={1} min={1} onCommit={(nGroup) => p.onChange({ nGroup })} />
        <NumberField
          label={C.topkGroup}
          value={s.topkGroup}
          step={1}
          min={1}
          onCommit={(topkGroup) => p.onChange({ topkGroup })}
        />
        <div className="bl-field">
          <label>
            <input type="checkbox" checked={s.dropping} onChange={(e) => p.onChange({ dropping: e.target.checked })} />{' '}
            {C.dropping}
          </label>
        </div>
        <NumberField
          label={C.capacity}
          value={s.capacityFactor}
          step={0.1}
          min={0.1}
          onCommit={(capacityFactor) => p.onChange({ capacityFactor })}
        />
      </fieldset>
    </div>
  );
}
