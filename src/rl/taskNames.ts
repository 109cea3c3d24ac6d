/**
 * The names and row sizes of the built-in GRPO tasks (apart from tasks.ts, so settings can name a
 * task and check its sizes without loading its prompts).
 */
export const TASK_NAMES = ['addition', 'addition-digits', 'story-word', 'story-length'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(name: string): name is TaskName {
  return (TASK_NAMES as readonly string[]).includes(name);
}

/** The longest addition prompt, "99+99=", and story opening (tasks.ts STORY_OPENINGS), in characters. */
const ADDITION_CHARS = 6;
const STORY_CHARS = 35;

/**
 * Per task: new tokens an output may have (eos included), and the most tokens a prompt has (bos
 * included; a byte-level BPE token holds at least one character of these ASCII prompts).
 */
export const TASK_SIZES: Record<TaskName, { maxNew: number; maxPrompt: number }> = {
  addition: { maxNew: 4, maxPrompt: ADDITION_CHARS + 1 },
  'addition-digits': { maxNew: 4, maxPrompt: ADDITION_CHARS + 1 },
  'story-word': { maxNew: 16, maxPrompt: STORY_CHARS + 1 },
  'story-length': { maxNew: 16, maxPrompt: STORY_CHARS + 1 },
};

/** Tokens in one row of a step's batch: the task's longest prompt plus its most new tokens. */
export const taskRowLength = (task: TaskName): number => TASK_SIZES[task].maxPrompt + TASK_SIZES[task].maxNew;
