import { describe, expect, it } from 'vitest';
import {
  additionDigitReward,
  additionReward,
  containsWordReward,
  targetLengthReward,
  type Completion,
} from '../../../src/rl/rewards';
import { heldOutAdditions, STORY_OPENINGS, TASKS } from '../../../src/rl/tasks';
import { Rng } from '../../../src/model/rng';

/** A completion of single-character pieces; '⏎' stands for eos. */
function out(s: string): Completion {
  const pieces = [...s].map((ch) => (ch === '⏎' ? '' : ch));
  return {
    ids: pieces.map((_, i) => i),
    pieces,
    text: pieces.join(''),
    stopped: s.endsWith('⏎'),
  };
}

const sum = { text: '37+48=', answer: '85' };

describe('reward functions', () => {
  it('addition: 1 for the exact answer, the format bonus only when it then stops', () => {
    const r = additionReward(0.1);
    expect(r(sum, out('85⏎')).reward).toBeCloseTo(1.1, 12);
    expect(r(sum, out('85x')).reward).toBe(1);
    expect(r(sum, out('851')).reward).toBe(0);
    expect(r(sum, out('84⏎')).reward).toBeCloseTo(0.1, 12);
    expect(r(sum, out('⏎')).reward).toBe(0);
    expect(additionReward()(sum, out('85⏎')).reward).toBe(1);
  });

  it('addition per digit: one step per digit up to the first miss, and one for stopping', () => {
    const r = additionDigitReward();
    expect(r(sum, out('85⏎'))).toEqual({
      reward: 1,
      steps: [
        { end: 0, reward: 1 },
        { end: 1, reward: 1 },
        { end: 2, reward: 1 },
      ],
    });
    expect(r(sum, out('75⏎')).steps).toEqual([{ end: 0, reward: 0 }]);
    expect(r(sum, out('86⏎')).steps).toEqual([
      { end: 0, reward: 1 },
      { end: 1, reward: 0 },
    ]);
    expect(r(sum, out('855')).steps?.[2]).toEqual({ end: 2, reward: 0 });
  });

  it('story: contains a word (whole word, any case) and target length', () => {
    expect(containsWordReward()({ text: 'x', word: 'king' }, out('The King came.')).reward).toBe(1);
    expect(containsWordReward()({ text: 'x', word: 'king' }, out('the kingdom')).reward).toBe(0);
    const len = targetLengthReward();
    expect(len({ text: 'x', targetWords: 4 }, out('one two three four')).reward).toBe(1);
    expect(len({ text: 'x', targetWords: 4 }, out('one two')).reward).toBe(0.5);
    expect(len({ text: 'x', targetWords: 4 }, out('')).reward).toBe(0);
  });

  it('a prompt without what its reward needs is an error naming it', () => {
    expect(() => additionReward()({ text: '1+2=' }, out('3'))).toThrow('the prompt has no answer');
  });

  it('addition tasks never draw a held-out sum', () => {
    const held = new Set(heldOutAdditions().map((x) => x.prompt));
    expect(held.size).toBe(200);
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const p = TASKS.addition.draw(rng);
      expect(held.has(p.text)).toBe(false);
      const [a, b] = p.text.slice(0, -1).split('+').map(Number);
      expect(p.answer).toBe(String(a + b));
    }
  });

  it('story tasks draw from the openings', () => {
    const p = TASKS['story-word'].draw(new Rng(1));
    expect(STORY_OPENINGS).toContain(p.text);
    expect(typeof p.word).toBe('string');
  });
});
