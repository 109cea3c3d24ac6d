/** The lab's settings (G, β, ε, μ, lr, task, seed, evaluation) and its run / pause / step / reset buttons. */
import { useId, type ReactNode } from 'react';
import type { GrpoHyper } from '../../rl/config';
import { TASK_NAMES, type TaskName } from '../../rl/taskNames';
import type { GrpoEvalSettings } from '../../worker/grpo/protocol';
import { S } from '../../strings';

/** What each built-in task rewards, for the menu. */
export const TASK_LABELS: Record<TaskName, string> = S.grpo.tasks;

const C = S.grpo.controls;

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
      <legend>{C.legend}</legend>
      <span className="grpo-field grpo-slider">
        <label htmlFor={gId}>{C.group}</label>
        <input
          id={gId}
          type="range"
          min={4}
          max={32}
          step={1}
          value={h.group}
          aria-valuetext={C.groupText(h.group)}
          onChange={(e) => p.onHyper({ group: Number(e.target.value) })}
        />
        <output htmlFor={gId} aria-hidden="true">
          {h.group}
        </output>
      </span>
      <NumberField label={C.beta} value={h.beta} step={0.01} min={0} onValue={(beta) => p.onHyper({ beta })} />
      <NumberField
        label={C.epsilon}
        value={h.epsilon}
        step={0.05}
        min={0}
        onValue={(epsilon) => p.onHyper({ epsilon })}
      />
      <NumberField label={C.mu} value={h.mu} step={1} min={1} onValue={(mu) => p.onHyper({ mu })} />
      <NumberField label={C.lr} value={h.lr} step="any" min={0} onValue={(lr) => p.onHyper({ lr })} />
      <NumberField label={C.prompts} value={h.prompts} step={1} min={1} onValue={(prompts) => p.onHyper({ prompts })} />
      <NumberField label={C.seed} value={h.seed} step={1} onValue={(seed) => p.onHyper({ seed })} />
      <span className="grpo-field">
        <label htmlFor={taskId}>{C.task}</label>
        <select id={taskId} value={h.task} onChange={(e) => p.onHyper({ task: e.target.value as TaskName })}>
          {TASK_NAMES.map((t) => (
            <option key={t} value={t}>
              {TASK_LABELS[t]}
            </option>
          ))}
        </select>
      </span>
      <NumberField
        label={C.heldOut}
        value={p.evaluation.heldOut}
        step={1}
        min={1}
        onValue={(heldOut) => p.onEvaluation({ heldOut })}
      />
      <NumberField
        label={C.evalEvery}
        value={p.evaluation.evalEvery}
        step={1}
        min={1}
        hint={C.stepsHint}
        onValue={(evalEvery) => p.onEvaluation({ evalEvery })}
      />
      <div className="grpo-buttons">
        <NumberField label={C.steps} value={p.steps} step={1} min={1} onValue={p.onSteps} />
        <button type="button" className="viz-button" disabled={!p.ready} onClick={p.onRun}>
          {C.run(p.steps)}
        </button>
        <button type="button" className="viz-button" disabled={!p.ready} onClick={p.onStep}>
          {C.stepOnce}
        </button>
        <button type="button" className="viz-button" disabled={!p.running} onClick={p.onPause}>
          {C.pause}
        </button>
        <button type="button" className="viz-button" disabled={!p.ready && !p.running} onClick={p.onResetReference}>
          {C.resetRef}
        </button>
        <button type="button" className="viz-button" disabled={!p.ready} onClick={p.onRestart}>
          {C.restart}
        </button>
      </div>
    </fieldset>
  );
}
