/**
 * A plain reference of TinySeek's byte-level BPE as it was before @huggingface/tokenizers read
 * tokenizer.json: every \p{N} alone, GPT-2's regex (src/model/byteLevel.ts, which the BPE trainer
 * still uses), then the lowest-ranked merge applied everywhere, again and again, in each piece.
 * Slow by design; for the shipped tokenizer on short texts.
 */
import { BYTE_TO_UNICODE, preTokenize } from '../../src/model/byteLevel';

interface BpeJson {
  model: { vocab: Record<string, number>; merges: (string | [string, string])[] };
}

export function referenceEncode(json: BpeJson, text: string): number[] {
  const rank = new Map<string, number>();
  json.model.merges.forEach((m, i) => {
    const key = typeof m === 'string' ? m : m.join(' ');
    if (!rank.has(key)) rank.set(key, i);
  });
  const ids: number[] = [];
  for (const piece of preTokenize(text)) {
    let syms = Array.from(new TextEncoder().encode(piece), (b) => BYTE_TO_UNICODE[b]);
    for (;;) {
      let best = Infinity;
      for (let i = 0; i + 1 < syms.length; i++)
        best = Math.min(best, rank.get(`${syms[i]} ${syms[i + 1]}`) ?? Infinity);
      if (best === Infinity) break;
      const m = json.model.merges[best];
      const [a, b] = typeof m === 'string' ? m.split(' ') : m;
      const next: string[] = [];
      for (let i = 0; i < syms.length; i++) {
        if (i + 1 < syms.length && syms[i] === a && syms[i + 1] === b) next.push(syms[i++] + b);
        else next.push(syms[i]);
      }
      syms = next;
    }
    for (const s of syms) ids.push(json.model.vocab[s]);
  }
  return ids;
}
