import { describe, expect, it } from 'vitest';
import { decodeUrlState, encodeUrlState, type UrlState } from '../../../src/state/urlState';

const state: UrlState = {
  prompt: 'Once upon a time & "quotes" #hash ünïcode 🐇',
  seed: 42,
  sampling: { temperature: 0.7, topK: 20, topP: 0.9 },
  generated: 16,
  selected: 12,
  layer: 2,
  view: 'routing',
};

describe('URL state', () => {
  it('round-trips every field, including odd characters in the prompt', () => {
    expect(decodeUrlState(encodeUrlState(state))).toEqual(state);
  });
  it('ignores malformed fields and keeps the rest', () => {
    const out = decodeUrlState('#prompt=hi&seed=abc&temp=-1&topk=2&topp=0.5&n=3.5&sel=2&view=nope');
    expect(out).toEqual({ prompt: 'hi', selected: 2 });
  });
  it('keeps the detail view, "show all" and "continue past end of text"; refuses a view id that is not a detail', () => {
    const out = decodeUrlState(encodeUrlState({ ...state, view: 'attention', showAll: true, pastEnd: true }));
    expect(out).toMatchObject({ view: 'attention', showAll: true, pastEnd: true });
    expect(encodeUrlState(state)).not.toMatch(/all=|pasteos=/);
    expect(decodeUrlState('#view=attention').view).toBe('attention');
    expect(decodeUrlState('#view=__proto__').view).toBeUndefined();
    expect(decodeUrlState('#all=0&pasteos=0')).toEqual({ showAll: false, pastEnd: false });
  });
  it('keeps a lab page, leaves the default page out of the link and refuses odd page names', () => {
    expect(decodeUrlState(encodeUrlState({ ...state, page: 'grpo' })).page).toBe('grpo');
    expect(encodeUrlState({ ...state, page: 'explore' })).not.toContain('page=');
    expect(decodeUrlState('#page=%3Cscript%3E').page).toBeUndefined();
  });
});
