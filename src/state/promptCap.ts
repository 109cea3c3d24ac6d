/**
 * The prompt box's cap. Far above any context here (the shipped model holds 256 tokens, about
 * 1,000 characters; the session keeps the prompt's last tokens that fit), and low enough that the
 * box, the URL hash that carries the prompt and the worker's tokenizer stay quick.
 */
export const PROMPT_MAX_CHARS = 10_000;

/** The prompt as the box keeps it: its first PROMPT_MAX_CHARS characters, and how many were cut. */
export function capPrompt(text: string): { prompt: string; promptCut: number } {
  if (text.length <= PROMPT_MAX_CHARS) return { prompt: text, promptCut: 0 };
  let end = PROMPT_MAX_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return { prompt: text.slice(0, end), promptCut: text.length - end };
}
