import { describe, expect, it } from 'vitest';
import { texToMathml } from '../../../../src/viz/math/render';
import {
  texEscape,
  texFactor,
  texInt,
  texLeading,
  texNum,
  texPairs,
  texSigned,
  texSpace,
  texText,
  texVector,
} from '../../../../src/viz/math/tex';
import { mtexts } from './mathml';

describe('texEscape', () => {
  it('escapes each of TeX’s ten special characters', () => {
    expect(texEscape('\\')).toBe('\\textbackslash{}');
    expect(texEscape('{}')).toBe('\\{\\}');
    expect(texEscape('$%#&_')).toBe('\\$\\%\\#\\&\\_');
    expect(texEscape('^~')).toBe('\\textasciicircum{}\\textasciitilde{}');
    expect(texEscape('plain text, 1+2=3 “ok” ␣⏎')).toBe('plain text, 1+2=3 “ok” ␣⏎');
  });

  it('turns control characters into U+FFFD', () => {
    expect(texEscape('a\u0000b\nc\u007f')).toBe('a\uFFFDb\uFFFDc\uFFFD');
  });

  it('gives Temml text that reads back exactly, with no error and no command run', () => {
    const nasty = [
      '\\href{javascript:alert(1)}{x}',
      '}$\\frac{1}{2}$ {',
      '100% #1 & a_b ^c ~d',
      '\\textbackslash \\\\ \\',
      '<script>&amp;',
      '␣the⏎',
    ];
    for (const s of nasty) {
      const html = texToMathml(`x = ${texText(s)}`);
      expect(html, s).not.toContain('temml-error');
      expect(html, s).not.toMatch(/<a |href=/);
      expect(mtexts(html).join(''), s).toBe(`“${s}”`);
    }
  });
});

describe('numbers and vectors', () => {
  it('writes numbers as format.ts does, with an ASCII minus for TeX', () => {
    expect(texNum(-0.5312)).toBe('-0.53');
    expect(texNum(0.07, 3)).toBe('0.070');
    expect(texNum(-0.0001)).toBe('0.00');
    expect(texSigned(0.25)).toBe('+0.25');
    expect(texSigned(-0.25)).toBe('-0.25');
    expect(texNum(Number.NaN)).toBe('\\text{–}');
    expect(texInt(34560)).toBe('34{,}560');
    expect(texFactor(-0.771, 2)).toBe('(-0.77)');
    expect(texFactor(0.771, 2)).toBe('0.77');
  });

  it('lists leading entries and the shape', () => {
    expect(texLeading([0.123, -0.531, 0.07, 9])).toBe('[0.12,\\ -0.53,\\ 0.07,\\ \\ldots]');
    expect(texLeading([1, 2], 3, 0)).toBe('[1,\\ 2]');
    expect(texSpace(4, 16)).toBe('\\mathbb{R}^{4 \\times 16}');
    expect(texVector('x', [1, 2, 3, 4, 5], 2, 1)).toBe('x = [1.0,\\ 2.0,\\ \\ldots] \\in \\mathbb{R}^{5}');
    expect(
      texPairs([
        ['a', '1'],
        ['b', '2'],
      ]),
    ).toBe('a = 1,\\ b = 2');
  });
});

describe('texToMathml', () => {
  it('numbers a display equation as the paper does, in MathML', () => {
    const html = texToMathml('\\mathbf{c}_t^{KV} = W^{DKV}\\mathbf{h}_t', '9');
    expect(html).toMatch(/^<math display="block"/);
    expect(html).toContain('<mtext class="tml-tag">(9)</mtext>');
    expect(texToMathml('x')).not.toContain('tml-tag');
  });

  it('keeps only digits in the tag', () => {
    expect(texToMathml('x', '9}\\href{y}{z')).toContain('<mtext class="tml-tag">(9)</mtext>');
  });
});
