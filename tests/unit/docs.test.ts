/**
 * Every reference stays inside the repository: no source, test, story, script or benchmark cites
 * a file outside it, every `docs/<page>.md#<anchor>` they cite is a heading of that page, and every
 * relative link of the README, CONTRIBUTING.md and docs/ leads to a file (and heading) that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const CODE_DIRS = ['src', 'tests', 'stories', 'scripts', 'bench'];
const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
const SKIP = new Set(['node_modules', 'fixtures', 'results']);

/** Files under `dir` whose names match `ext`, as paths relative to the repository. */
function walk(dir: string, ext: RegExp): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) return SKIP.has(name) ? [] : walk(rel, ext);
    return ext.test(name) ? [rel] : [];
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function slug(heading: string, seen: Map<string, number>): string {
  const base = heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** The anchors of a markdown file's headings (outside code fences). */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) out.add(slug(m[1], seen));
  }
  return out;
}

const codeFiles = CODE_DIRS.flatMap((d) => walk(d, CODE));
const docFiles = ['README.md', 'CONTRIBUTING.md', ...walk('docs', /\.md$/)];

// Built from parts so this file does not flag itself.
const FORBIDDEN = [['spec', '§'].join(' '), ['shared', 'spec'].join('/')];

describe('references stay in the repository', () => {
  it('finds the files it checks', () => {
    expect(codeFiles.length).toBeGreaterThan(100);
    expect(codeFiles).toContain(join('src', 'model', 'mla.ts'));
    expect(docFiles).toEqual(expect.arrayContaining([join('docs', 'model.md'), join('docs', 'architecture.md')]));
  });

  it('no code cites the spec file that lives outside the repository', () => {
    const hits = codeFiles.flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (FORBIDDEN.some((s) => line.includes(s)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('every docs/<page>.md#<anchor> cited in the code is a heading of that page', () => {
    const cited = new Map<string, Set<string>>(); // cited page#anchor → the files citing it
    for (const f of codeFiles) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/docs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
        const key = m[0];
        if (!cited.has(key)) cited.set(key, new Set());
        cited.get(key)!.add(f);
      }
    }
    expect(cited.size).toBeGreaterThan(10);
    const broken: string[] = [];
    for (const [key, files] of cited) {
      const [page, anchor] = key.split('#');
      const where = [...files].join(', ');
      if (!existsSync(join(ROOT, page))) broken.push(`${key}: no file ${page} (cited in ${where})`);
      else if (anchor && !anchors(page).has(anchor)) broken.push(`${key}: no heading #${anchor} (cited in ${where})`);
    }
    expect(broken).toEqual([]);
  });

  it('every relative link of the README, CONTRIBUTING.md and docs/ leads to a file and heading that exist', () => {
    const broken: string[] = [];
    let links = 0;
    for (const doc of docFiles) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        links++;
        const [path, anchor] = target.split('#');
        const file = path ? normalize(join(dirname(doc), path)) : doc;
        if (relative(ROOT, join(ROOT, file)).startsWith('..') || !existsSync(join(ROOT, file))) {
          broken.push(`${doc}: ${target} (no file ${file})`);
        } else if (anchor && file.endsWith('.md') && !anchors(file).has(anchor)) {
          broken.push(`${doc}: ${target} (no heading #${anchor} in ${file})`);
        }
      }
    }
    expect(links).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });
});

describe('slug', () => {
  it('makes the anchors GitHub makes', () => {
    const seen = new Map<string, number>();
    expect(slug('MLA', seen)).toBe('mla');
    expect(slug('Routing, device-limited', seen)).toBe('routing-device-limited');
    expect(slug('Paper, code and TinySeek', seen)).toBe('paper-code-and-tinyseek');
    expect(slug('What `npm test` runs', seen)).toBe('what-npm-test-runs');
    expect(slug('MLA', seen)).toBe('mla-1');
  });
});
