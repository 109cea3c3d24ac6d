/**
 * The GRPO lab's state: its settings, the worker's progress, the groups of the step being sampled,
 * the last finished step and the curves over steps. Events come from the lab's own worker
 * (src/worker/grpo); `reduceGrpoEvent` folds them in. The actions send requests to the 'grpo'
 * worker (connected by the lab page).
 */
import type { StateCreator } from 'zustand';
import type { BackendStatus } from '../runtime/backendTypes';
import { GRPO_DEFAULTS, type GrpoHyper } from '../rl/config';
import type { GrpoStepEvent, SampledGroup } from '../rl/events';
import type { DeepseekV2Config } from '../model/config';
import { grpoSizeProblem } from '../rl/rlMemory';
import type { GrpoEval, GrpoEvalSettings, GrpoEvent, GrpoRequest } from '../worker/grpo/protocol';
import type { ExportFor } from '../worker/messages';
import { mayDiscard } from './discardGuard';
import { sendTo } from './workerLink';

/** One point per finished step. */
export interface GrpoPoint {
  step: number;
  meanReward: number;
  /** the step's objective (the surrogate plus β·KL; β·mean KL alone when every group's rewards were equal). */
  loss: number;
  kl: number;
  /** groups whose rewards were all equal (advantages 0: only their KL term acts). */
  skipped: number;
}

export type GrpoStatus = 'idle' | 'loading' | 'ready' | 'running' | 'error';

export interface GrpoLab {
  status: GrpoStatus;
  backend: BackendStatus | null;
  /** what the worker is doing while it loads. */
  progress: string | null;
  /** the last refusal or failure, one line; null when all is well. */
  error: string | null;
  modelName: string | null;
  config: DeepseekV2Config | null;
  hyper: GrpoHyper;
  evaluation: GrpoEvalSettings;
  /** N of "Run N steps". */
  steps: number;
  /** the groups of the step being sampled, as they come. */
  sampling: SampledGroup[];
  /** the last finished step. */
  last: GrpoStepEvent | null;
  history: GrpoPoint[];
  /** held-out accuracy and expert load: the first (step 0) is the starting policy, measured when the first run starts. */
  evals: GrpoEval[];
  /** steps after which the reference was reset. */
  resets: number[];
  /** steps still to run in the current run. */
  remaining: number;
  /** the group and output the per-token views show. */
  group: number;
  output: number;
  /** the policy is being fetched from the worker to be saved or opened in Explore; null otherwise. */
  exporting: ExportFor | null;
}

export interface GrpoSlice {
  grpo: GrpoLab;
  grpoSetHyper: (h: Partial<GrpoHyper>) => void;
  grpoSetEvaluation: (e: Partial<GrpoEvalSettings>) => void;
  grpoSetSteps: (n: number) => void;
  grpoRun: (steps?: number) => void;
  grpoPause: () => void;
  grpoResetReference: () => void;
  grpoRestart: () => void;
  grpoSelect: (group: number, output?: number) => void;
  /** asks the worker for the policy as files, to save it or open it in Explore. */
  grpoExport: (target: ExportFor) => void;
}

/** The lab's defaults in the browser: fewer prompts per step than the CLI, so each step shows quickly. */
export const GRPO_LAB_DEFAULTS: GrpoHyper = { ...GRPO_DEFAULTS, prompts: 1, group: 8 };

export const initialGrpoLab = (): GrpoLab => ({
  status: 'idle',
  backend: null,
  progress: null,
  error: null,
  modelName: null,
  config: null,
  hyper: GRPO_LAB_DEFAULTS,
  evaluation: { heldOut: 20, evalEvery: 5 },
  steps: 10,
  sampling: [],
  last: null,
  history: [],
  evals: [],
  resets: [],
  remaining: 0,
  group: 0,
  output: 0,
  exporting: null,
});

const send = (req: GrpoRequest) => sendTo('grpo', req);

export const createGrpoSlice: StateCreator<GrpoSlice, [], [], GrpoSlice> = (set, get) => {
  const lab = () => get().grpo;
  const patch = (p: Partial<GrpoLab>) => set({ grpo: { ...lab(), ...p } });
  return {
    grpo: initialGrpoLab(),
    grpoSetHyper: (h) => {
      const hyper = { ...lab().hyper, ...h };
      patch({ hyper, error: sizeProblem(lab().config, hyper, lab().evaluation) });
    },
    grpoSetEvaluation: (e) => {
      const evaluation = { ...lab().evaluation, ...e };
      patch({ evaluation, error: sizeProblem(lab().config, lab().hyper, evaluation) });
    },
    grpoSetSteps: (steps) => patch({ steps }),
    grpoRun: (steps) => {
      const l = lab();
      if (l.status !== 'ready') return;
      const problem = sizeProblem(l.config, l.hyper, l.evaluation);
      if (problem) return patch({ error: problem });
      const n = steps ?? l.steps;
      patch({ status: 'running', error: null, remaining: n, sampling: [] });
      send({ type: 'run', steps: n, hyper: l.hyper, evaluation: l.evaluation });
    },
    grpoPause: () => send({ type: 'pause' }),
    grpoResetReference: () => send({ type: 'resetReference' }),
    grpoRestart: () => {
      if (lab().status !== 'ready' || !mayDiscard('grpo', lab().history.length)) return;
      patch({ status: 'loading', progress: 'restoring the shipped weights…', error: null });
      send({ type: 'restart', hyper: lab().hyper });
    },
    grpoSelect: (group, output = 0) => patch({ group, output }),
    grpoExport: (target) => {
      const l = lab();
      if (l.status !== 'ready' || l.exporting || l.history.length === 0) return;
      patch({ exporting: target, error: null });
      send({ type: 'export', for: target });
    },
  };
};

/** Why these sizes cannot run on the model (the memory estimate of src/rl/rlMemory.ts); null when they fit or no model is in yet. */
function sizeProblem(config: DeepseekV2Config | null, hyper: GrpoHyper, evaluation: GrpoEvalSettings): string | null {
  return config && grpoSizeProblem(config, hyper.task, { ...hyper, heldOut: evaluation.heldOut });
}

/** Folds one worker event into the lab's state. */
export function reduceGrpoEvent(l: GrpoLab, e: GrpoEvent): GrpoLab {
  switch (e.type) {
    case 'backend':
      return { ...l, backend: e.status, status: 'loading' };
    case 'progress':
      return { ...l, progress: e.message, status: l.status === 'idle' ? 'loading' : l.status };
    case 'ready':
      return { ...l, status: 'ready', progress: null, modelName: e.name, config: e.config };
    case 'restarted':
      return { ...initialGrpoLab(), ...pick(l), status: 'ready' };
    case 'group': {
      const fresh = e.group.index === 0;
      const sampling = fresh ? [e.group] : [...l.sampling, e.group];
      return { ...l, sampling, group: e.group.index, output: fresh ? 0 : l.output };
    }
    case 'step': {
      const ev = e.event;
      const point: GrpoPoint = {
        step: ev.step,
        meanReward: ev.meanReward,
        loss: ev.loss,
        kl: ev.kl,
        skipped: ev.groups.filter((g) => g.skipped).length,
      };
      return { ...l, last: ev, history: [...l.history, point], remaining: e.remaining };
    }
    case 'eval':
      return { ...l, evals: [...l.evals.filter((x) => x.step !== e.result.step), e.result] };
    case 'running':
      return {
        ...l,
        status: e.running ? 'running' : l.status === 'running' ? 'ready' : l.status,
        remaining: e.running ? l.remaining : 0,
      };
    case 'reference':
      return { ...l, resets: [...l.resets, e.step] };
    case 'deviceLost':
      return { ...l, error: `${e.message}; switching backend…` };
    case 'restored': {
      const kept = <T>(xs: T[], step: (x: T) => number) => xs.filter((x) => step(x) <= e.step);
      return {
        ...l,
        status: l.status === 'error' ? l.status : 'ready',
        error: `The GPU device was lost; the run goes on from step ${e.step} on another backend.`,
        sampling: [],
        last: l.last && l.last.step <= e.step ? l.last : null,
        history: kept(l.history, (p) => p.step),
        evals: kept(l.evals, (x) => x.step),
        resets: kept(l.resets, (r) => r),
        remaining: 0,
      };
    }
    case 'exported':
      return { ...l, exporting: null };
    case 'error':
      if (e.during === 'backend' || e.during === 'load')
        return { ...l, status: 'error', progress: null, error: e.message, exporting: null };
      return {
        ...l,
        error: e.message,
        exporting: null,
        status: l.status === 'running' || l.status === 'loading' ? 'ready' : l.status,
      };
  }
}

/** What a restart keeps: the backend, the model and the settings. */
const pick = (l: GrpoLab): Partial<GrpoLab> => ({
  backend: l.backend,
  modelName: l.modelName,
  config: l.config,
  hyper: l.hyper,
  evaluation: l.evaluation,
  steps: l.steps,
});
