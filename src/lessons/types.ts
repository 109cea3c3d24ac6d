/**
 * What a lesson is: a few steps, each of which puts the app in a state (prompt, tokens, layer,
 * view, page, lab settings), asks the class to predict something, and then reveals the answer the
 * loaded model (or the lab it trained) actually gives, computed from the store at that moment.
 */
import type { LabPresetName, LabSettings } from '../train/lab/labSettings';
import type { AppState } from '../state/store';
import type { ViewId } from '../app/viewRegistry';
import type { GrpoHyper } from '../rl/config';

/** The app state a step sets up, through the store's actions. */
export interface StepSetup {
  /** the page: 'explore' or a lab's id. */
  page?: string;
  /** the prompt to run (re-run only when it differs or has not run yet). */
  prompt?: string;
  /** new tokens to generate after the prompt. */
  generate?: number;
  /** the token to select once the tokens are in: a position, or 'last'. */
  select?: number | 'last';
  /** the layer the per-layer views show. */
  layer?: number;
  /** the Explore view to show and scroll to. */
  view?: ViewId;
  /** a Balance lab preset, then settings on top of it. */
  labPreset?: LabPresetName;
  labSettings?: Partial<LabSettings>;
  /** GRPO lab hyper-parameters. */
  grpo?: Partial<GrpoHyper>;
}

/** The live answer to a step's question, or why there is none yet. */
export type LiveAnswer =
  | { kind: 'waiting'; why: string }
  /** `value` is compared with a numeric guess within `tolerance` (relative, 0 = exact). */
  | { kind: 'number'; value: number; shown: string; explain: string; tolerance?: number }
  /** `index` is the right choice, decided from the live figures given in `explain`. */
  | { kind: 'choice'; index: number; explain: string };

export interface Question {
  /** what the class is asked to predict. */
  prompt: string;
  /** a number to type, or one of a few choices. */
  kind: 'number' | 'choice';
  /** the choices, for kind 'choice'. */
  choices?: string[];
  /** a unit shown after the number box ("values", "%"). */
  unit?: string;
  /** computes the answer from the store, at reveal time. */
  answer: (s: AppState) => LiveAnswer;
}

/** Something the class runs before the answer exists (a lab's training steps). */
export interface StepRun {
  label: string;
  /** true when the run can start (the lab is ready). */
  ready: (s: AppState) => boolean;
  act: (s: AppState) => void;
}

/** The part of the GRPO lab a step is about: presenter mode shows only its cards (classroom.css). */
export type LabFocus = 'advantages' | 'value-model' | 'curves';

export interface LessonStep {
  title: string;
  /** what to look at and why, a short paragraph. */
  text: string;
  setup: StepSetup;
  question: Question;
  run?: StepRun;
  /** on a lab page, what presenter mode keeps on screen. */
  focus?: LabFocus;
}

export interface Lesson {
  /** the id in classroom links (`?lesson=…`). */
  id: string;
  title: string;
  /** one line: what the class will see. */
  summary: string;
  steps: LessonStep[];
}
