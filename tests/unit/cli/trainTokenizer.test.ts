import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTokenizer } from '../../../src/cli/trainFiles';
import { TINYSEEK } from '../../../src/model/presets';
import { deepSeekLayout } from '../model/tokenizerFixtures';

const root = mkdtempSync(join(tmpdir(), 'tinyseek-train-tokenizer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("train's --config data.tokenizer", () => {
  it("reads DeepSeek-V2's layout, and names a refused file once, by its path", () => {
    const good = join(root, 'tokenizer.json');
    writeFileSync(good, JSON.stringify(deepSeekLayout()));
    expect(readTokenizer(good, TINYSEEK).encode('DeepSeek 2024').length).toBeGreaterThan(0);
    const bad = join(root, 'bad-tokenizer.json');
    writeFileSync(bad, JSON.stringify({ ...deepSeekLayout(), pre_tokenizer: { type: 'Whitespace' } }));
    expect(() => readTokenizer(bad, TINYSEEK)).toThrow(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: pre_tokenizer "Whitespace" is not supported$`),
    );
  });
});
