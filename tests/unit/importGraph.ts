/**
 * The import graph of a source tree, and its cycles. Every relative module specifier counts:
 * static `import` (type-only included), `export … from`, and dynamic `import()`. Specifiers are
 * read by TypeScript's own pre-processor, so comments and strings that merely look like imports
 * are not edges. Non-code imports (CSS) are not modules of the graph.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Module (path relative to the root, `/`-separated) → the modules it imports, in source order. */
export type ImportGraph = Map<string, string[]>;

const CODE = ['.ts', '.tsx'];
/** Imports of these are assets handled by the bundler, not modules that can close a cycle. */
const ASSETS = ['.css', '.svg', '.png', '.json', '.txt'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return CODE.includes(extname(name)) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (TypeScript's bundler resolution), or null for an asset. */
function resolveSpecifier(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.split('?')[0]);
  if (ASSETS.includes(extname(base))) return null;
  const candidates = [base, ...CODE.map((e) => base + e), ...CODE.map((e) => join(base, 'index' + e))];
  const hit = candidates.find((p) => existsSync(p) && statSync(p).isFile());
  if (!hit) throw new Error(`importGraph: ${from} imports '${spec}', which names no file`);
  return hit;
}

/** The relative-import graph of every .ts/.tsx file under `root`; edges leaving `root` are dropped. */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const key = (p: string) => relative(root, p).split('\\').join('/');
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('./') || spec.startsWith('../'))
      .map((spec) => resolveSpecifier(file, spec))
      .filter((p): p is string => p !== null && !relative(root, p).startsWith('..'))
      .map(key);
    graph.set(key(file), [...new Set(targets)]);
  }
  return graph;
}

/**
 * One cycle per strongly connected component of more than one module (or a module importing
 * itself), each as the path `[a, b, …, a]`, starting from its alphabetically first module.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => shortestCycle(graph, new Set(component))).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The shortest path from the component's first module back to itself, inside the component. */
function shortestCycle(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = previous.get(u) as string) path.push(u);
        return [start, ...path.reverse(), start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
