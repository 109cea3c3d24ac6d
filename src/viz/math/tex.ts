/**
 * Small TeX builders for "The math" sections: escaped text, numbers, leading entries of a vector,
 * shapes. Every number goes through src/viz/common/format.ts; every piece of user text (token
 * texts, prompts) through texText, so nothing a model writes can change the TeX around it. Pure.
 */
import { formatNumber, formatSigned } from '../common/format';

/** One display equation: as the paper writes it, and the same with this token's numbers. */
export interface MathEquation {
  /** stable key within its section. */
  id: string;
  /** the paper's equation number ("9"); absent for a line the paper does not number. */
  tag?: string;
  /** a few plain words on what the line computes. */
  caption: string;
  /** the equation as the paper writes it (TeX, no \tag: the renderer adds it). */
  tex: string;
  /** the same equation with the current numbers substituted (TeX). */
  values: string;
}

/** TeX text-mode escapes of the characters TeX treats specially. */
const ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '%': '\\%',
  '#': '\\#',
  '&': '\\&',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
};

/**
 * Escapes arbitrary text for TeX text mode: the ten special characters become their text-mode
 * commands and control characters become U+FFFD, so the text reads back exactly as given.
 */
export function texEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\{}$%#&_^~]|[\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? '\uFFFD');
}

/** User text inside math, in quotes: `\text{“the”}`. */
export function texText(s: string): string {
  return `\\text{“${texEscape(s)}”}`;
}

/** Plain words (ours, not the model's) inside math. */
export function texWords(s: string): string {
  return `\\text{${texEscape(s)}}`;
}

/** format.ts writes a real minus (U+2212); TeX wants '-' so it spaces a unary minus correctly. */
const ascii = (s: string) => s.replace(/\u2212/g, '-').replace(/\u2013/g, '\\text{–}');

/** A number with `digits` decimals, as format.ts writes it. */
export function texNum(x: number, digits = 2): string {
  return ascii(formatNumber(x, digits));
}

/** A signed number ("+0.12", "-0.12"). */
export function texSigned(x: number, digits = 2): string {
  return ascii(formatSigned(x, digits));
}

/** A factor in a product: negative numbers in parentheses ("0.77", "(-0.77)"). */
export function texFactor(x: number, digits = 2): string {
  const s = texNum(x, digits);
  return s.startsWith('-') ? `(${s})` : s;
}

/** An integer with thousands separators ("34{,}560"). */
export function texInt(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, '{,}');
}

/** The first `lead` entries of a vector, then … when there are more: `[0.12, -0.53, 0.07, \ldots]`. */
export function texLeading(values: readonly number[], lead = 3, digits = 2): string {
  const shown = values.slice(0, lead).map((v) => texNum(v, digits));
  if (values.length > lead) shown.push('\\ldots');
  return `[${shown.join(',\\ ')}]`;
}

/** A vector space of the given dimensions: `\mathbb{R}^{64}`, `\mathbb{R}^{4 \times 16}`. */
export function texSpace(...dims: number[]): string {
  return `\\mathbb{R}^{${dims.join(' \\times ')}}`;
}

/** `name = [leading entries] \in R^{n}`: a vector with its shape. */
export function texVector(name: string, values: readonly number[], lead = 3, digits = 2): string {
  return `${name} = ${texLeading(values, lead, digits)} \\in ${texSpace(values.length)}`;
}

/** A list of `name_i = value` pairs joined by commas. */
export function texPairs(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${k} = ${v}`).join(',\\ ');
}

/** A subscript of several indices, `14,\,24`: Temml would read a bare "14,24" as one number. */
export function texSub(...indices: (string | number)[]): string {
  return indices.join(',\\,');
}
