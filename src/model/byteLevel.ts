/**
 * The byte level of GPT-2-style BPE: GPT-2's byte-to-unicode map, the pre-tokenizer (every digit
 * alone, then GPT-2's regex, as Hugging Face runs it) and a readable display of a token's bytes.
 * Pure TypeScript, browser and Node.
 */

/** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards. */
export const BYTE_TO_UNICODE: readonly string[] = (() => {
  const printable = (b: number) => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  const chars: string[] = [];
  let n = 0;
  for (let b = 0; b < 256; b++) chars.push(String.fromCharCode(printable(b) ? b : 256 + n++));
  return chars;
})();
export const UNICODE_TO_BYTE = new Map(BYTE_TO_UNICODE.map((c, b) => [c, b]));

/** The bytes of a byte-level token string (an HF vocab key), or null when it is not one. */
export function byteLevelToBytes(token: string): Uint8Array | null {
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const b = UNICODE_TO_BYTE.get(token[i]);
    if (b === undefined) return null;
    bytes[i] = b;
  }
  return bytes;
}

/**
 * GPT-2's pattern, with `\s` spelled out as Oniguruma's Unicode White_Space (what HF runs), not
 * JavaScript's `\s` (which adds U+FEFF and lacks U+0085).
 */
const WS = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** GPT-2's pre-tokenizer regex, as ByteLevel with use_regex runs it in Hugging Face's tokenizers. */
export const GPT2_PATTERN = new RegExp(
  `'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${WS}\\p{L}\\p{N}]+|[${WS}]+(?![^${WS}])|[${WS}]+`,
  'gu',
);
/** Regex of HF's Split pre-tokenizer that isolates every digit. */
export const DIGIT_SOURCE = '\\p{N}';
const DIGIT = new RegExp(DIGIT_SOURCE, 'gu');

/** HF's pre-tokenizer: Split(\p{N}, Isolated) then ByteLevel(use_regex) when splitDigits. */
export function preTokenize(text: string, splitDigits = true): string[] {
  const out: string[] = [];
  const gpt2 = (s: string) => {
    for (const m of s.matchAll(GPT2_PATTERN)) out.push(m[0]);
  };
  if (!splitDigits) {
    gpt2(text);
    return out;
  }
  let last = 0;
  for (const m of text.matchAll(DIGIT)) {
    if (m.index > last) gpt2(text.slice(last, m.index));
    out.push(m[0]);
    last = m.index + m[0].length;
  }
  if (last < text.length) gpt2(text.slice(last));
  return out;
}

const utf8Strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/**
 * Display form of a token for the UI: its text with whitespace made visible (space ␣, newline ↵,
 * tab ⇥); control bytes and bytes of a character split across tokens as <0xNN>.
 */
export function displayBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const n = utf8Length(bytes, i);
    if (n === 0) {
      out += `<0x${hex(bytes[i])}>`;
      i += 1;
      continue;
    }
    const ch = utf8Strict.decode(bytes.subarray(i, i + n));
    out += VISIBLE[ch] ?? (n === 1 && (bytes[i] < 0x20 || bytes[i] === 0x7f) ? `<0x${hex(bytes[i])}>` : ch);
    i += n;
  }
  return out;
}

const VISIBLE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥' };

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the bytes there are not one. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > bytes.length) return 0;
  for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  try {
    utf8Strict.decode(bytes.subarray(i, i + n)); // rejects overlongs and surrogates
    return n;
  } catch {
    return 0;
  }
}
