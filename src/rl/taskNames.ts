/** The names of the built-in GRPO tasks (apart from tasks.ts, so settings can name a task without loading its prompts). */
export const TASK_NAMES = ['addition', 'addition-digits', 'story-word', 'story-length'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(name: string): name is TaskName {
  return (TASK_NAMES as readonly string[]).includes(name);
}
