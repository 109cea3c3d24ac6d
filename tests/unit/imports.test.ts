import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles, importGraph, type ImportGraph } from './importGraph';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../src');

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A throwaway source tree: path → file text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tinyseek-imports-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('import graph', () => {
  it('reads static, type-only, re-export and dynamic imports, and skips comments, strings and CSS', () => {
    const root = tree({
      'a.ts': [
        "import type { B } from './b';",
        "export { c } from './dir/c';",
        "export * from './d';",
        "import './style.css';",
        "const lazy = () => import('./e');",
        "// import { f } from './f';",
        'const s = "import { f } from \'./f\'";',
        "import * as tf from '@tensorflow/tfjs-core';",
      ].join('\n'),
      'b.ts': '',
      'dir/c.ts': '',
      'd/index.ts': '',
      'e.tsx': '',
      'f.ts': '',
      'style.css': '',
    });
    expect(importGraph(root).get('a.ts')).toEqual(['b.ts', 'dir/c.ts', 'd/index.ts', 'e.tsx']);
  });

  it('fails on a relative import that names no file', () => {
    const root = tree({ 'a.ts': "import { x } from './missing';" });
    expect(() => importGraph(root)).toThrow(/a\.ts imports '\.\/missing', which names no file/);
  });

  it('finds a cycle through type-only imports, and one per tangle, as a path', () => {
    const g: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['f.ts', ['g.ts']],
      ['g.ts', ['f.ts']],
    ]);
    expect(importCycles(g)).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
      ['f.ts', 'g.ts', 'f.ts'],
    ]);
    const root = tree({ 'x.ts': "import type { Y } from './y';", 'y.ts': "import { x } from './x';" });
    expect(importCycles(importGraph(root))).toEqual([['x.ts', 'y.ts', 'x.ts']]);
  });

  it('src/ has no import cycles', () => {
    const graph = importGraph(SRC);
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('model/model.ts')).toContain('model/decoderLayer.ts');
    const cycles = importCycles(graph).map((c) => c.join(' → '));
    expect(cycles, `import cycles in src/:\n${cycles.join('\n')}`).toEqual([]);
  });
});
