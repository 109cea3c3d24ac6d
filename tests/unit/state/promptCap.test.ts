/**
 * The prompt box keeps at most PROMPT_MAX_CHARS characters, whichever way the text arrives (typed,
 * pasted, an example, a shared link), and says how many it cut; a 2.5 MB paste never reaches the
 * URL hash or the worker whole.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { restoreFromHash } from '../../../src/app/useUrlSync';
import { capPrompt, PROMPT_MAX_CHARS } from '../../../src/state/promptCap';
import { useAppStore } from '../../../src/state/store';

const initial = useAppStore.getState();
const PASTE = 'Once upon a time. '.repeat(140_000); // 2.52 MB

describe('the prompt cap', () => {
  beforeEach(() => useAppStore.setState(initial, true));

  it('is well above the context and keeps the first characters of a 2.5 MB paste, saying how many were cut', () => {
    expect(PROMPT_MAX_CHARS).toBe(10_000);
    useAppStore.getState().setPrompt(PASTE);
    const s = useAppStore.getState();
    expect(s.prompt).toBe(PASTE.slice(0, PROMPT_MAX_CHARS));
    expect(s.promptCut).toBe(PASTE.length - PROMPT_MAX_CHARS);
  });

  it('a prompt that fits is kept whole and clears the notice', () => {
    useAppStore.getState().setPrompt(PASTE);
    useAppStore.getState().setPrompt('The little fox');
    expect(useAppStore.getState()).toMatchObject({ prompt: 'The little fox', promptCut: 0 });
    const exact = 'x'.repeat(PROMPT_MAX_CHARS);
    expect(capPrompt(exact)).toEqual({ prompt: exact, promptCut: 0 });
  });

  it('never splits a character outside the basic plane', () => {
    const text = 'a'.repeat(PROMPT_MAX_CHARS - 1) + '🦊' + 'tail';
    const { prompt, promptCut } = capPrompt(text);
    expect(prompt).toBe('a'.repeat(PROMPT_MAX_CHARS - 1));
    expect(prompt.length + promptCut).toBe(text.length);
  });

  it('a shared link with a huge prompt is cut the same way', () => {
    const hash = `#${new URLSearchParams({ prompt: PASTE.slice(0, 30_000) })}`;
    restoreFromHash(hash);
    expect(useAppStore.getState()).toMatchObject({ prompt: PASTE.slice(0, PROMPT_MAX_CHARS), promptCut: 20_000 });
  });
});
