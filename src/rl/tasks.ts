/**
 * The GRPO tasks: where prompts come from, how many tokens an output may have, and which reward
 * scores it. Addition prompts come from the training pool of sums; the 200 held-out sums of the
 * shipped model's evaluation are never drawn, so held-out accuracy measures generalisation.
 */
import type { Rng } from '../model/rng';
import { splitAdditions, type Addition } from '../train/corpus';
import type { AdditionItem } from '../train/evaluate';
import {
  additionDigitReward,
  additionReward,
  containsWordReward,
  targetLengthReward,
  type RewardFunction,
  type TaskPrompt,
} from './rewards';
import { TASK_SIZES, type TaskName } from './taskNames';

export { isTaskName, TASK_NAMES, type TaskName } from './taskNames';

/** The seed and size of the held-out split in scripts/corpus.ts (data/corpus/heldout-additions.json). */
export const ADDITION_SPLIT = { seed: 20240507, heldOut: 200 } as const;

export interface GrpoTask {
  /** a TaskName for the built-in tasks. */
  name: string;
  /** one line for the controls. */
  label: string;
  /** new tokens an output may have (eos included). */
  maxNew: number;
  /** true when the reward gives per-step rewards (process supervision). */
  process: boolean;
  reward: RewardFunction;
  /** a prompt drawn from the task's pool. */
  draw: (rng: Rng) => TaskPrompt;
}

let split: { heldOut: Addition[]; pool: Addition[] } | null = null;
function additions() {
  split ??= splitAdditions(ADDITION_SPLIT.seed, ADDITION_SPLIT.heldOut);
  return split;
}

const additionPrompt = ({ a, b }: Addition): TaskPrompt => ({ text: `${a}+${b}=`, answer: String(a + b) });

/** The held-out sums, in the order of heldout-additions.json. */
export function heldOutAdditions(): AdditionItem[] {
  return additions().heldOut.map((x) => ({ ...x, prompt: `${x.a}+${x.b}=`, answer: String(x.a + x.b) }));
}

const drawAddition = (rng: Rng) => additionPrompt(additions().pool[rng.int(additions().pool.length)]);

/** Story openings in the style of the training books. */
export const STORY_OPENINGS = [
  'Once upon a time there was a little',
  'One morning the old woman',
  'The fox ran into the wood, and',
  'The king said to his daughter,',
  'In the garden there lived a',
  'When the children came home,',
];
/** Words the story-word task asks for (all frequent in the corpus). */
export const STORY_WORDS = ['king', 'little', 'said', 'house', 'went', 'good'];

export const TASKS: Record<TaskName, GrpoTask> = {
  addition: {
    name: 'addition',
    label: 'Two-digit addition: reward 1 for the exact answer, +0.1 when it then stops',
    maxNew: TASK_SIZES.addition.maxNew,
    process: false,
    reward: additionReward(0.1),
    draw: drawAddition,
  },
  'addition-digits': {
    name: 'addition-digits',
    label: 'Two-digit addition, process reward: 1 per correct digit and for stopping after the answer',
    maxNew: TASK_SIZES['addition-digits'].maxNew,
    process: true,
    reward: additionDigitReward(),
    draw: drawAddition,
  },
  'story-word': {
    name: 'story-word',
    label: 'Story: reward 1 when the continuation contains the given word',
    maxNew: TASK_SIZES['story-word'].maxNew,
    process: false,
    reward: containsWordReward(),
    draw: (rng) => ({
      text: STORY_OPENINGS[rng.int(STORY_OPENINGS.length)],
      word: STORY_WORDS[rng.int(STORY_WORDS.length)],
    }),
  },
  'story-length': {
    name: 'story-length',
    label: 'Story: reward 1 − |words − 8| / 8 for a continuation of 8 words',
    maxNew: TASK_SIZES['story-length'].maxNew,
    process: false,
    reward: targetLengthReward(),
    draw: (rng) => ({ text: STORY_OPENINGS[rng.int(STORY_OPENINGS.length)], targetWords: 8 }),
  },
};
