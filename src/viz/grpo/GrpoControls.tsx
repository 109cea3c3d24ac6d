/** The lab's settings (G, β, ε, μ, lr, task, seed, evaluation) and its run / pause / step / reset buttons. */
import { useId, type ReactNode } from 'react';
import type { GrpoHyper } from '../../rl/config';
import { TASK_NAMES, type TaskName } from '../../rl/taskNames';
import type { GrpoEvalSettings } from '../../worker/grpo/protocol';

/** What each built-in task rewards, for the menu. */
export const TASK_LABELS: Record<TaskName, string> = {
  addition: 'Addition: 1 for the exact sum (+0.1 for stopping after it)',
  'addition-digits': 'Addition, per-digit process reward',
  'story-word': 'Story: the continuation contains a given word',
  'story-length': 'Story: a continuation of about 8 words',
};

export interface GrpoControlsProps {
  hyper: GrpoHyper;
  evaluation: GrpoEvalSettings;
  /** N of "Run N steps". */
  steps: number;
  /** the model is loaded and no run is going on. */
  ready: boolean;
  running: boolean;
  onHyper: (h: Partial<GrpoHyper>) => void;
  onEvaluation: (e: Partial<GrpoEvalSettings>) => void;
  onSteps: (n: number) => void;
  onRun: () => void;
  onStep: () => void;
  onPause: () => void;
  onResetReference: () => void;
  onRestart: () => void;
}

interface NumberFieldProps {
  label: ReactNode;
  value: number;
  step: number | 'any';
  min?: number;
  onValue: (v: number) => void;
  /** a short hint after the field. */
  hint?: string;
}

/** A labelled number field; an empty or bad entry is sent as NaN and refused by the worker with a message. */
function NumberField({ label, value, step, min, onValue, hint }: NumberFieldProps) {
  const id = useId();
  return (
    <span className="grpo-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        min={min}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onValue(e.target.valueAsNumber)}
      />
      {hint && <span className="grpo-hint">{hint}</span>}
    </span>
  );
}

export function GrpoControls(p: GrpoControlsProps) {
  const gId = useId();
  const taskId = useId();
  const h = p.hyper;
  return (
    <fieldset className="grpo-controls">
      <legend>GRPO settings</legend>
      <span className="grpo-field grpo-slider">
        <label htmlFor={gId}>Group size G</label>
        <input
          id={gId}
          type="range"
          min={4}
          max={32}
          step={1}
          value={h.group}
          aria-valuetext={`${h.group} outputs per prompt`}
          onChange={(e) => p.onHyper({ group: Number(e.target.value) })}
        />
        <output htmlFor={gId} aria-hidden="true">
          {h.group}
        </output>
      </span>
      <NumberField label="β (KL weight)" value={h.beta} step={0.01} min={0} onValue={(beta) => p.onHyper({ beta })} />
      <NumberField
        label="ε (clip)"
        value={h.epsilon}
        step={0.05}
        min={0}
        onValue={(epsilon) => p.onHyper({ epsilon })}
      />
      <NumberField label="μ (updates per batch)" value={h.mu} step={1} min={1} onValue={(mu) => p.onHyper({ mu })} />
      <NumberField label="learning rate" value={h.lr} step="any" min={0} onValue={(lr) => p.onHyper({ lr })} />
      <NumberField
        label="prompts per step"
        value={h.prompts}
        step={1}
        min={1}
        onValue={(prompts) => p.onHyper({ prompts })}
      />
      <NumberField label="seed" value={h.seed} step={1} onValue={(seed) => p.onHyper({ seed })} />
      <span className="grpo-field">
        <label htmlFor={taskId}>Task</label>
        <select id={taskId} value={h.task} onChange={(e) => p.onHyper({ task: e.target.value as TaskName })}>
          {TASK_NAMES.map((t) => (
            <option key={t} value={t}>
              {TASK_LABELS[t]}
            </option>
          ))}
        </select>
      </span>
      <NumberField
        label="held-out sums"
        value={p.evaluation.heldOut}
        step={1}
        min={1}
        onValue={(heldOut) => p.onEvaluation({ heldOut })}
      />
      <NumberField
        label="evaluate every"
        value={p.evaluation.evalEvery}
        step={1}
        min={1}
        hint="steps"
        onValue={(evalEvery) => p.onEvaluation({ evalEvery })}
      />
      <div className="grpo-buttons">
        <NumberField label="steps" value={p.steps} step={1} min={1} onValue={p.onSteps} />
        <button type="button" className="viz-button" disabled={!p.ready} onClick={p.onRun}>
          Run {Number.isFinite(p.steps) ? p.steps : ''} steps
        </button>
        <button type="button" className="viz-button" disabled={!p.ready} onClick={p.onStep}>
          Step once
        </button>
        <button type="button" className="viz-button" disabled={!p.running} onClick={p.onPause}>
          Pause
        </button>
        <button type="button" className="viz-button" disabled={!p.ready && !p.running} onClick={p.onResetReference}>
          Reset reference to the policy
        </button>
        <button type="button" className="viz-button" disabled={!p.ready} onClick={p.onRestart}>
          Restart from the shipped model
        </button>
      </div>
    </fieldset>
  );
}
