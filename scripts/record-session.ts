/**
 * Records real model sessions for the Storybook stories: runs the shipped model (or, until one is
 * trained, TINYSEEK with seeded random weights, marked `untrained`) on fixed prompts in Node and
 * writes what the app's views receive to stories/fixtures/*.json. No number in a story is typed by hand.
 *   npm run record-stories
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readModelDir } from '../src/cli/modelDir';
import { DeepseekV2Model } from '../src/model/model';
import { TINYSEEK } from '../src/model/presets';
import { BpeTokenizer } from '../src/model/tokenizer';
import { selectNodeBackend } from '../src/runtime/nodeBackend';
import { GenerationSession } from '../src/session/generationSession';
import type { RecordedSession } from '../src/session/recordedSession';

const MODEL_DIR = 'public/models/tinyseek';
const SESSIONS = [
  { name: 'story', prompt: 'Once upon a time, a little rabbit', generate: 12, seed: 1 },
  { name: 'sum', prompt: '37+48=', generate: 3, seed: 1 },
];

async function main(): Promise<void> {
  await selectNodeBackend();
  const trained = existsSync(`${MODEL_DIR}/model.safetensors`);
  const files = trained ? readModelDir(MODEL_DIR) : null;
  const config = files?.config ?? TINYSEEK;
  const tokenizer =
    files?.tokenizer ?? BpeTokenizer.fromJSON(JSON.parse(readFileSync(`${MODEL_DIR}/tokenizer.json`, 'utf8')));
  const model = files ? DeepseekV2Model.fromHostWeights(config, files.weights) : DeepseekV2Model.init(config, 1);
  for (const s of SESSIONS) {
    const sampling = { temperature: 0.8, topK: 40, topP: 0.95 };
    const { session, records } = await GenerationSession.start(model, tokenizer, {
      prompt: s.prompt,
      sampling,
      seed: s.seed,
    });
    for (let i = 0; i < s.generate; i++) {
      const r = await session.next();
      if (r) records.push(r);
    }
    session.dispose();
    const out: RecordedSession = { untrained: !trained, prompt: s.prompt, seed: s.seed, sampling, config, records };
    const path = `stories/fixtures/session-${s.name}.json`;
    writeFileSync(path, JSON.stringify(out));
    console.error(`${path}: ${records.length} tokens${trained ? '' : ' (untrained weights)'}`);
  }
  model.dispose();
}

void main();
