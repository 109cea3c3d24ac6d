/**
 * The shipped model ends an addition with the end-of-text token: the session marks that record,
 * and only that one, so the app can stop there (src/state/sessionSlice.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelDir } from '../../../src/cli/modelDir';
import { loadModel } from '../../../src/cli/nodeModel';
import type { DeepseekV2Model } from '../../../src/model/model';
import { GenerationSession } from '../../../src/session/generationSession';
import type { TokenRecord } from '../../../src/session/records';

const files = readModelDir('public/models/tinyseek');
const tokenizer = files.tokenizer!;
let model: DeepseekV2Model;

beforeAll(async () => {
  model = await loadModel(files, undefined);
});
afterAll(() => model?.dispose());

describe('end of text', () => {
  it('marks the eos record of "37+48=" (seed 1, the app’s default sampling) and no other', async () => {
    const sampling = { temperature: 0.8, topK: 40, topP: 0.95 };
    const { session, records } = await GenerationSession.start(model, tokenizer, {
      prompt: '37+48=',
      sampling,
      seed: 1,
    });
    const made: TokenRecord[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await session.next();
      if (!r) break;
      made.push(r);
      if (r.endOfText) break;
    }
    session.dispose();
    expect(records.some((r) => r.endOfText)).toBe(false);
    const last = made.at(-1)!;
    expect(last.id).toBe(tokenizer.specialTokens.eos);
    expect(last.text).toBe('⟨eos⟩');
    expect(last.endOfText).toBe(true);
    expect(made.slice(0, -1).every((r) => r.endOfText === undefined)).toBe(true);
    expect(made.length).toBeLessThanOrEqual(6);
  });
});
