import { readModelDir } from './src/cli/modelDir';
import { loadModel } from './src/cli/nodeModel';
import { GenerationSession } from './src/session/generationSession';
const files = readModelDir('public/models/tinyseek');
const model = await loadModel(files, 'wasm');
const tok = files.tokenizer!;
for (const prompt of ['37+48=', '12+25=', 'The end.']) {
  for (const seed of [1, 2, 3]) {
    const { session, records } = await GenerationSession.start(model, tok, { prompt, sampling: { temperature: 0.8, topK: 40, topP: 0.95 }, seed });
    let k = 0; let found = -1; const texts: string[] = [];
    for (; k < 30; k++) { const r = await session.next(); if (!r) break; texts.push(r.text); if (r.endOfText) { found = k + 1; break; } }
    console.log(JSON.stringify(prompt), seed, 'prompt', records.length, 'eos after', found, texts.join(''));
    session.dispose();
  }
}
