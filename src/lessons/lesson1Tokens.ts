/** Lesson 1: a prompt becomes tokens, and the model turns each token into a prediction of the next. */
import { DEEPSEEK_V2 } from '../model/presets';
import { parameterCounts } from '../model/sizes';
import { NO_TOKENS, selectedRecord, shown, waiting } from './live';
import type { Lesson } from './types';

const PROMPT = 'Once upon a time, there was a little rabbit who';

export const lesson1Tokens: Lesson = {
  id: 'tokens',
  title: '1 · Tokens and the model',
  summary: 'A prompt becomes tokens; the model reads them and predicts the next one.',
  steps: [
    {
      title: 'A prompt becomes tokens',
      text: 'The model never sees letters. A tokenizer cuts the prompt into pieces from a fixed vocabulary (common words, parts of words, single bytes), and the model reads one number per piece. A ⟨bos⟩ token marks the start. Look at the token strip under the prompt.',
      setup: { page: 'explore', prompt: PROMPT, generate: 0, select: 'last', view: 'next' },
      question: {
        prompt: `How many tokens will the model read for “${PROMPT}”, counting ⟨bos⟩?`,
        kind: 'number',
        unit: 'tokens',
        answer: (s) => {
          if (!selectedRecord(s)) return waiting(NO_TOKENS);
          const prompt = s.records.filter((r) => r.source === 'prompt');
          return {
            kind: 'number',
            value: prompt.length,
            shown: `${prompt.length} tokens`,
            explain: `${PROMPT.length} characters became ${prompt.length} tokens: ${prompt.map((r) => r.text).join(' | ')}.`,
          };
        },
      },
    },
    {
      title: 'Every token gets a probability',
      text: 'After reading the prompt the model gives every token in its vocabulary a probability of coming next. The Next token view shows the ten most likely.',
      setup: { page: 'explore', prompt: PROMPT, generate: 0, select: 'last', view: 'next' },
      question: {
        prompt: 'How likely (in %) is the model’s favourite next token?',
        kind: 'number',
        unit: '%',
        answer: (s) => {
          const r = selectedRecord(s);
          if (!r || r.next.length === 0) return waiting(NO_TOKENS);
          const top = r.next[0];
          const vocab = s.model!.config.vocab_size;
          return {
            kind: 'number',
            value: top.p * 100,
            shown: `${shown(top.p * 100)}%`,
            explain: `“${top.text}” at ${shown(top.p * 100)}%, out of ${vocab.toLocaleString('en-US')} tokens in the vocabulary; the ten most likely hold ${shown(r.next.reduce((a, t) => a + t.p, 0) * 100)}% between them.`,
            tolerance: 0.5,
          };
        },
      },
    },
    {
      title: 'Generating, one token at a time',
      text: 'To write, the model samples a token from that distribution, appends it, and reads again. Eight new tokens have been generated; step through them with ← and →.',
      setup: { page: 'explore', prompt: PROMPT, generate: 8, select: 'last', view: 'next' },
      question: {
        prompt: 'Was the last generated token the model’s single most likely choice at the step before it?',
        kind: 'choice',
        choices: ['Yes, always: the model takes the top token', 'Not necessarily: it samples'],
        answer: (s) => {
          const r = selectedRecord(s);
          if (!r || r.index === 0) return waiting(NO_TOKENS);
          const before = s.records[r.index - 1];
          const rank = before.next.findIndex((t) => t.id === r.id);
          const where = rank < 0 ? 'outside the top ten' : `number ${rank + 1} of the top ten`;
          return {
            kind: 'choice',
            index: 1,
            explain: `“${r.text}” was ${where} (temperature ${s.sampling.temperature}, top-k ${s.sampling.topK}, top-p ${s.sampling.topP}): sampling picks by probability, so the top token is only the likeliest pick.`,
          };
        },
      },
    },
    {
      title: 'How big is the model?',
      text: 'The Architecture view draws the loaded model: its layers, attention and experts, with its parameter count beside DeepSeek-V2’s.',
      setup: { page: 'explore', view: 'architecture' },
      question: {
        prompt: 'How many parameters (weights) does the loaded model have, in millions?',
        kind: 'number',
        unit: 'million',
        answer: (s) => {
          if (!s.model) return waiting('the model has not loaded yet');
          const c = parameterCounts(s.model.config);
          return {
            kind: 'number',
            value: c.total / 1e6,
            shown: `${shown(c.total / 1e6)} million`,
            explain: `${c.total.toLocaleString('en-US')} parameters, of which ${c.activated.toLocaleString('en-US')} (${Math.round((100 * c.activated) / c.total)}%) work on each token. DeepSeek-V2 has ${shown(parameterCounts(DEEPSEEK_V2).total / 1e9)} billion.`,
            tolerance: 0.25,
          };
        },
      },
    },
  ],
};
