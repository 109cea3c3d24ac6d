/** The model card's evaluation section, in Markdown, from an EvalReport (`npm run eval`). Pure. */
import type { EvalReport, TargetCheck } from './evaluate';

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;

function targetValue(t: TargetCheck): string {
  if (t.name.includes('accuracy') || t.name.includes('words')) return pct(t.value);
  if (t.name.includes('load')) return `${t.value.toFixed(2)}×`;
  return t.value.toFixed(3);
}

/** Control characters made visible (␋, ␌, …), so a sample cannot garble the Markdown; newlines and tabs stay. */
export function visible(text: string): string {
  return text.replace(/\p{Cc}/gu, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\n' || ch === '\t') return ch;
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}

/** A fence longer than any backtick run in `text`, so samples print verbatim. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export function evalSection(r: EvalReport): string {
  const v = r.validation;
  const a = r.addition;
  const s = r.samples.settings;
  const out: string[] = [
    `Measured by \`npm run eval -- --card\` (src/cli/eval.ts) on the ${r.model.backend} backend, in ${Math.round(r.seconds.validation + r.seconds.addition + r.seconds.samples)} s.`,
    '',
    '| target | result | goal | |',
    '|---|---|---|---|',
    ...r.targets.map((t) => `| ${t.name} | ${targetValue(t)} | ${t.target} | ${t.met ? 'met' : '**missed**'} |`),
    '',
    '### Validation bits per byte',
    '',
    `**${v.bitsPerByte.toFixed(3)} bits per byte** on \`${v.file}\` (${(v.natsPerToken / Math.LN2).toFixed(3)} bits = ${v.natsPerToken.toFixed(3)} nats per token, ${(v.scoredTokens / v.bytes).toFixed(3)} tokens per byte).`,
    '',
    `The file is encoded as training data is: every non-empty line as bos, its tokens, eos, all lines in one stream of ${int(v.streamTokens)} tokens. ${
      v.usedTokens < v.streamTokens
        ? `**Subsampled:** only its first ${int(v.usedTokens)} tokens are scored.`
        : 'All of it is scored.'
    } Windows of ${v.window} tokens (the training sequence length) every ${v.stride} tokens score each target exactly once, ${v.stride < v.window ? `so every target after the first window sees at least ${v.window - v.stride} tokens of context` : 'each window on its own'}. Bits per byte = Σ −log2 p(target) over the scored targets ÷ the UTF-8 bytes those targets cover: a text token counts its own bytes, eos counts 1 byte (the newline that ends its line) and its loss is included, and bos is context only (it always follows eos and stands for no text: neither its loss nor any byte is counted). So the ${int(v.bytes)} bytes are exactly the bytes of the scored lines, newlines included, and ${int(v.scoredTokens)} targets are scored.`,
    '',
    '### Two-digit addition (greedy)',
    '',
    `**${a.correct} of ${a.n} correct (${pct(a.accuracy)})** on the held-out additions of \`${a.file}\` (never in train.txt or val.txt). Prompt: bos then \`a+b=\`, as each addition line of the corpus starts; greedy decoding until a token that is not a digit (eos included), at most answer length + 1 tokens; correct when the digits produced equal the sum exactly. With a carry out of the units digit: ${a.withCarry.correct}/${a.withCarry.n} (${pct(a.withCarry.accuracy)}); without: ${a.withoutCarry.correct}/${a.withoutCarry.n} (${pct(a.withoutCarry.accuracy)}).`,
    '',
  ];
  if (a.misses.length) {
    out.push(
      `First misses: ${a.misses.map((m) => `\`${m.prompt}\` → \`${m.got || '(no digits)'}\` (${m.answer})`).join(', ')}.`,
      '',
    );
  }
  if (r.load.length) {
    const nr = r.load[0].ratio.length;
    const k = Math.round(r.load[0].fraction.reduce((x, y) => x + y, 0));
    out.push(
      '### Per-expert load on validation text',
      '',
      `Every scored input position of the validation pass is routed once (with the context of its window): ${int(r.load[0].tokens)} tokens per MoE layer. The load of a routed expert is the share of tokens that choose it, divided by the fair share K/N_r = ${k}/${nr}; 1 is perfectly even, the target is every expert within [¼, 4].`,
      '',
      '| layer | lowest (expert) | highest (expert) | load of experts 0 … ' + (nr - 1) + ' |',
      '|---|---|---|---|',
      ...r.load.map(
        (l) =>
          `| ${l.layer} | ${l.min.toFixed(2)} (${l.argmin}) | ${l.max.toFixed(2)} (${l.argmax}) | ${l.ratio.map((x) => x.toFixed(2)).join(' ')} |`,
      ),
      '',
    );
  }
  out.push(
    '### Samples',
    '',
    `Five fixed prompts, each after bos, temperature ${s.temperature}, top-k ${s.topK}${s.topP < 1 ? `, top-p ${s.topP}` : ''}, seed ${s.seed}, at most ${s.maxNew} new tokens (stopping at eos). ${pct(r.samples.knownWordRate)} of the sampled words occur in ${r.samples.knownWordsFrom}: a crude check; read them to judge.`,
    '',
  );
  r.samples.items.forEach((x, i) => {
    const text = visible(x.prompt + x.text);
    const f = fence(text);
    out.push(`Sample ${i + 1}, prompt \`${x.prompt}\`:`, '', f + 'text', text, f, '');
  });
  return out.join('\n').trimEnd();
}
