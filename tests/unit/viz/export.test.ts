import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import {
  csvField,
  exportCells,
  fileSlug,
  nodeText,
  pairTablesWithCharts,
  svgDocument,
  toCsv,
  toTableJson,
  uniqueKeys,
  xmlEscape,
} from '../../../src/viz/common/export';

describe('nodeText and exportCells', () => {
  it('reads the text of strings, numbers and nested elements', () => {
    const el = createElement('span', null, 'c', createElement('sub', null, 'KV'), ' = ', 72);
    expect(nodeText(el)).toBe('cKV = 72');
    expect(nodeText(null)).toBe('');
    expect(nodeText(false)).toBe('');
    expect(nodeText(['a', 1, ['b']])).toBe('a1b');
  });
  it('keeps numbers as numbers and turns every other cell into text', () => {
    expect(exportCells([['expert 1', 3, createElement('b', null, '12%')]])).toEqual([['expert 1', 3, '12%']]);
  });
});

describe('CSV', () => {
  it('quotes only fields that need it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('writes a header and one CRLF-ended line per row', () => {
    expect(
      toCsv(
        ['token', 'p'],
        [
          ['␣the', 0.5],
          ['a, b', 0.25],
        ],
      ),
    ).toBe('token,p\r\n␣the,0.5\r\n"a, b",0.25\r\n');
  });
});

describe('JSON', () => {
  it('keys every row by its column, with repeated headers made unique', () => {
    expect(uniqueKeys(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a (2)', 'a (3)']);
    const json = JSON.parse(toTableJson('Load', 'per expert', ['expert', 'f', 'f'], [['e0', 1.5, 2]]));
    expect(json).toEqual({
      title: 'Load',
      caption: 'per expert',
      columns: ['expert', 'f', 'f'],
      rows: [{ expert: 'e0', f: 1.5, 'f (2)': 2 }],
    });
  });
  it('fills a short row with empty cells', () => {
    expect(JSON.parse(toTableJson('t', 'c', ['a', 'b'], [['x']])).rows).toEqual([{ a: 'x', b: '' }]);
  });
});

describe('file names', () => {
  it('makes a lower-case slug from the chart name', () => {
    expect(fileSlug('Head 3 · layer 1')).toBe('tinyseek-head-3-layer-1');
    expect(fileSlug('Mean router probability P·N_r')).toBe('tinyseek-mean-router-probability-p-n-r');
    expect(fileSlug('Ünïcode')).toBe('tinyseek-unicode');
    expect(fileSlug('···')).toBe('tinyseek-chart');
    expect(fileSlug('x'.repeat(100)).length).toBeLessThanOrEqual('tinyseek-'.length + 60);
  });
});

describe('svgDocument', () => {
  it('wraps the chart with namespaces, its size, a background and an escaped title', () => {
    const doc = svgDocument({
      inner: '<rect width="4" height="2"/>',
      viewBox: '0 0 400 200',
      width: 400.4,
      height: 199.6,
      background: '#fff',
      title: 'p < 1 & "q"',
    });
    expect(doc).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(doc).toContain('width="400" height="200" viewBox="0 0 400 200"');
    expect(doc).toContain('<title>p &lt; 1 &amp; &quot;q&quot;</title>');
    expect(doc).toContain('<rect x="0" y="0" width="400" height="200" fill="#fff"/><rect width="4" height="2"/></svg>');
  });
  it('uses the drawn size as the viewBox when the chart has none', () => {
    const doc = svgDocument({ inner: '', viewBox: null, width: 30, height: 20, background: 'red', title: '' });
    expect(doc).toContain('viewBox="0 0 30 20"');
    expect(xmlEscape(`<'>`)).toBe('&lt;&apos;&gt;');
  });
});

describe('pairTablesWithCharts', () => {
  it('pairs each table with the earliest chart before it that is still free', () => {
    // chart, table, chart, table
    expect(pairTablesWithCharts(['chart', 'data', 'chart', 'data'])).toEqual([0, 1]);
    // two charts, then their two tables (Attention)
    expect(pairTablesWithCharts(['chart', 'chart', 'data', 'data'])).toEqual([0, 1]);
    // a chart after the table does not belong to it (Expert routing's token path)
    expect(pairTablesWithCharts(['chart', 'data', 'chart'])).toEqual([0]);
    // a table with no chart left (a list-only panel)
    expect(pairTablesWithCharts(['chart', 'data', 'data'])).toEqual([0, null]);
    expect(pairTablesWithCharts(['data'])).toEqual([null]);
  });
});
