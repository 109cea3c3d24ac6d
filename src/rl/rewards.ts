/**
 * Verifiable rewards for GRPO (docs/model.md#advantages): pure functions from a prompt and one sampled output to a
 * reward. Outcome rewards score the whole output; process rewards score steps, each ending at a
 * token, for the per-token advantage of process supervision.
 */
import { additionAnswer, words } from '../train/evaluate';

/** A prompt and what its reward needs to know (plain data: it travels in every step event). */
export interface TaskPrompt {
  /** the text the model continues (after bos). */
  text: string;
  /** addition: the exact answer digits. */
  answer?: string;
  /** story-word: the word the continuation should contain. */
  word?: string;
  /** story-length: the number of words the continuation should have. */
  targetWords?: number;
}

/** One sampled output as a reward function sees it. */
export interface Completion {
  /** the new token ids, eos included when the model stopped. */
  ids: number[];
  /** each token's text ('' for a special token). */
  pieces: string[];
  /** the decoded text, special tokens dropped. */
  text: string;
  /** true when the output ended with eos (not cut at maxNew). */
  stopped: boolean;
}

/** One step of process supervision: its reward and the index of the output token it ends at. */
export interface StepReward {
  end: number;
  reward: number;
}

export interface RewardOutput {
  /** the output's total reward (outcome supervision uses only this). */
  reward: number;
  /** process supervision: one reward per step, `end` ascending. */
  steps?: StepReward[];
}

export type RewardFunction = (prompt: TaskPrompt, c: Completion) => RewardOutput;

/** A reward function's failure, named for the message. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the prompt has no ${what}`);
  return value;
}

/**
 * Two-digit addition, outcome supervision: 1 when the digits the output starts with are exactly the
 * answer, plus `formatBonus` when the output is digits only and then stops (eos), as training lines do.
 */
export function additionReward(formatBonus = 0): RewardFunction {
  return (p, c) => {
    const answer = need(p.answer, 'answer');
    const exact = additionAnswer(c.text) === answer ? 1 : 0;
    const wellFormed = c.stopped && /^\d+$/.test(c.text);
    return { reward: exact + (wellFormed ? formatBonus : 0) };
  };
}

/**
 * Two-digit addition, process supervision: step j (j < answer length) ends at output token j and
 * is rewarded 1 when that token is the answer's digit j; one more step ends at the token after the
 * answer and is rewarded 1 when it is eos. Steps stop at the first token that misses, so a wrong
 * digit ends the reasoning there. The total reward is the exact-answer reward.
 */
export function additionDigitReward(): RewardFunction {
  return (p, c) => {
    const answer = need(p.answer, 'answer');
    const steps: StepReward[] = [];
    for (let j = 0; j <= answer.length && j < c.ids.length; j++) {
      const ok = j < answer.length ? c.pieces[j] === answer[j] : c.stopped && j === c.ids.length - 1;
      steps.push({ end: j, reward: ok ? 1 : 0 });
      if (!ok) break;
    }
    return { reward: additionAnswer(c.text) === answer ? 1 : 0, steps };
  };
}

/** Story continuation: 1 when the continuation contains `word` as a whole word (any case). */
export function containsWordReward(): RewardFunction {
  return (p, c) => {
    const word = need(p.word, 'word').toLowerCase();
    return { reward: words(c.text).includes(word) ? 1 : 0 };
  };
}

/** Story continuation: 1 − |words − target| / target, at least 0; 1 when it has exactly the target length. */
export function targetLengthReward(): RewardFunction {
  return (p, c) => {
    const target = need(p.targetWords, 'targetWords');
    const n = words(c.text).length;
    return { reward: Math.max(0, 1 - Math.abs(n - target) / target) };
  };
}
